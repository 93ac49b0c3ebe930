using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pipeline.Local.Commands;

public sealed class StatusSettings : PipelineSettings
{
    [CommandOption("--case <CASE_ID>")]
    [Description("The case to show.")]
    public string CaseId { get; init; } = "";

    [CommandOption("--json")]
    [Description("Print JSON instead of tables.")]
    public bool Json { get; init; }

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(CaseId) ? ValidationResult.Error("--case is required.") : ValidationResult.Success();
}
