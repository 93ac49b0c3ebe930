using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pipeline.Local.Commands;

public sealed class ReceiptSettings : CaseSettings
{
    [CommandOption("--document <DOCUMENT_ID>")]
    [Description("The accepted document.")]
    public string DocumentId { get; init; } = "";

    [CommandOption("--out <FILE>")]
    [Description("Write the receipt (JSON) to this file instead of stdout.")]
    public string? Out { get; init; }

    public override ValidationResult Validate() => Require(("--document", DocumentId));
}
