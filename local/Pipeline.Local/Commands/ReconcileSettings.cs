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

    [CommandOption("--workers <N>")]
    [Description("Shard the run: the cases are split into shards and N workers in this process reconcile them at once (same report as one process, plus which shards completed). Without it one process reconciles every case.")]
    public int? Workers { get; init; }

    [CommandOption("--cases-per-shard <N>")]
    [Description("With --workers: about how many cases one shard holds (default Pipeline:Reconciliation:Sharding:CasesPerShard, 50).")]
    public int? CasesPerShard { get; init; }

    public override ValidationResult Validate() => this switch
    {
        { Show: < 0 } => ValidationResult.Error("--show must be 0 or more"),
        { Workers: < 1 } => ValidationResult.Error("--workers must be at least 1"),
        { CasesPerShard: < 1 } => ValidationResult.Error("--cases-per-shard must be at least 1"),
        { CasesPerShard: not null, Workers: null } => ValidationResult.Error("--cases-per-shard needs --workers"),
        _ => base.Validate(),
    };
}
