using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pipeline.Local.Commands;

/// <summary>Options of the commands that act on one case.</summary>
public class CaseSettings : PipelineSettings
{
    [CommandOption("--case <CASE_ID>")]
    [Description("The case.")]
    public string CaseId { get; init; } = "";

    public override ValidationResult Validate() => Require();

    /// <summary>The first of <paramref name="required"/> (option name, value) that is empty, as a validation error.</summary>
    protected ValidationResult Require(params (string Option, string? Value)[] required)
    {
        if (string.IsNullOrWhiteSpace(CaseId))
        {
            return ValidationResult.Error("--case is required.");
        }

        var missing = required.FirstOrDefault(r => string.IsNullOrWhiteSpace(r.Value));
        return missing.Option is null ? ValidationResult.Success() : ValidationResult.Error($"{missing.Option} is required.");
    }
}
