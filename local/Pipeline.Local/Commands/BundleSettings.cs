using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pipeline.Local.Commands;

public sealed class BundleSettings : CaseSettings
{
    [CommandOption("--out <DIR>")]
    [Description("Folder for the bag: must not exist, or be empty.")]
    public string Out { get; init; } = "";

    public override ValidationResult Validate() => Require(("--out", Out));
}
