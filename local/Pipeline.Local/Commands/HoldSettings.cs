using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pipeline.Local.Commands;

public sealed class HoldSettings : CaseSettings
{
    [CommandOption("--reason <REASON>")]
    [Description("Why the hold is set or cleared (recorded in the audit chain).")]
    public string Reason { get; init; } = "";

    [CommandOption("--actor <WHO>")]
    [Description("Who sets or clears it (recorded). Default: the local user.")]
    public string? Actor { get; init; }

    [CommandOption("--clear")]
    [Description("Clear the hold instead of setting it.")]
    public bool Clear { get; init; }

    public override ValidationResult Validate() => Require(("--reason", Reason));
}
