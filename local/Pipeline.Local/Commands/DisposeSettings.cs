using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pipeline.Local.Commands;

public sealed class DisposeSettings : CaseSettings
{
    [CommandOption("--document <DOCUMENT_ID>")]
    [Description("The document to remove from the case.")]
    public string DocumentId { get; init; } = "";

    [CommandOption("--reason <REASON>")]
    [Description("Why (recorded in the audit chain), e.g. the order that directs it.")]
    public string Reason { get; init; } = "";

    [CommandOption("--actor <WHO>")]
    [Description("Who disposes of it (recorded in the audit chain).")]
    public string Actor { get; init; } = "";

    public override ValidationResult Validate() => Require(("--document", DocumentId), ("--reason", Reason), ("--actor", Actor));
}
