using System.ComponentModel;
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

    [CommandOption("--new")]
    [Description("Start a new run even if an unfinished one could be resumed.")]
    public bool ForceNew { get; init; }
}
