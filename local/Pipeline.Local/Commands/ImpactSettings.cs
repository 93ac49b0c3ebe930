using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pipeline.Local.Commands;

public sealed class ImpactSettings : CaseSettings
{
    [CommandOption("--at <TIME>")]
    [Description("The time asked about, ISO 8601 (UTC unless an offset is given). Default: now.")]
    public string? At { get; init; }

    [CommandOption("--json")]
    [Description("Print JSON instead of tables.")]
    public bool Json { get; init; }

    public DateTimeOffset? ParsedAt =>
        At is null ? null : DateTimeOffset.Parse(At, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public override ValidationResult Validate()
    {
        var baseResult = Require();
        return baseResult.Successful && At is not null && !DateTimeOffset.TryParse(At, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
            ? ValidationResult.Error($"--at: '{At}' is not a time (ISO 8601, e.g. 2026-03-01T12:00:00Z).")
            : baseResult;
    }
}
