using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pipeline.Local.Commands;

public sealed class ReconcileSettings : PipelineSettings
{
    [CommandOption("--rehash")]
    [Description("Also re-read and re-hash every evidence blob (slow; finds changed bytes whose metadata was kept).")]
    public bool Rehash { get; init; }

    [CommandOption("--json <FILE>")]
    [Description("Also write the full JSON report to this local file.")]
    public string? JsonFile { get; init; }

    [CommandOption("--show <N>")]
    [Description("How many anomalies to list, each with its case, document, blob and detail (default 25; 0 lists none). The report holds them all.")]
    [DefaultValue(25)]
    public int Show { get; init; } = 25;

    [CommandOption("--new")]
    [Description("Start a new run even if an unfinished one could be resumed.")]
    public bool ForceNew { get; init; }

    public override ValidationResult Validate() =>
        Show < 0 ? ValidationResult.Error("--show must be 0 or more") : base.Validate();
}
