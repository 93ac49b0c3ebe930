using System.ComponentModel;
using Spectre.Console.Cli;

namespace Pipeline.Local.Commands;

public sealed class RunSettings : PipelineSettings
{
    [CommandOption("--once")]
    [Description("Stop when there is nothing left to ingest or check.")]
    public bool Once { get; init; }

    [CommandOption("--interval <SECONDS>")]
    [Description("Seconds between polls when idle. Default 2.")]
    public int IntervalSeconds { get; init; } = 2;
}
