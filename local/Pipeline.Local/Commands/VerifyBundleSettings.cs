using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pipeline.Local.Commands;

public sealed class VerifyBundleSettings : PipelineSettings
{
    [CommandArgument(0, "<DIR>")]
    [Description("The bag's folder.")]
    public string BagDirectory { get; init; } = "";

    [CommandOption("--receipt <FILE>")]
    [Description("A receipt to check against the bundle's manifest (repeatable).")]
    public string[] Receipts { get; init; } = [];

    public override ValidationResult Validate()
    {
        var missing = Receipts.FirstOrDefault(r => !File.Exists(r));
        return missing is null ? ValidationResult.Success() : ValidationResult.Error($"No such receipt file: {missing}");
    }
}
