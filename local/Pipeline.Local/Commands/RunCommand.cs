using Microsoft.Extensions.Options;
using NCrontab;
using Pipeline.Ingest;
using Pipeline.Reconciliation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pipeline.Local.Commands;

/// <summary>The local stand-in for the Functions host: intake watch, check queue, nightly reconciliation on its NCRONTAB schedule.</summary>
public sealed class RunCommand : AsyncCommand<RunSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, RunSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var host = LocalHost.Build(settings);
        var runner = ActivatorUtilitiesFor(host);
        if (settings.Once)
        {
            var (ingested, checkedCount) = await runner.UntilIdleAsync(new SynchronousProgress(Output.IngestLine), cancellationToken);
            AnsiConsole.MarkupLineInterpolated($"Idle: [bold]{ingested}[/] uploads handled, [bold]{checkedCount}[/] integrity checks run.");
            return 0;
        }

        var options = host.Get<IOptions<ReconciliationOptions>>().Value;
        var schedule = CrontabSchedule.Parse(options.Schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        var next = schedule.GetNextOccurrence(DateTime.UtcNow);
        AnsiConsole.MarkupLineInterpolated($"Watching intake and the check queue; next reconciliation {next:u} ([grey]{options.Schedule}[/]). Ctrl+C stops.");
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var (ingested, checkedCount) = await runner.PassAsync(new SynchronousProgress(Output.IngestLine), cancellationToken);
                if (checkedCount > 0)
                {
                    AnsiConsole.MarkupLineInterpolated($"[grey]{checkedCount} integrity checks run[/]");
                }

                if (DateTime.UtcNow >= next)
                {
                    await ReconcileCommand.RunWithProgressAsync(host, new ReconciliationRequest(), cancellationToken);
                    next = schedule.GetNextOccurrence(DateTime.UtcNow);
                }

                if (ingested == 0 && checkedCount == 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, settings.IntervalSeconds)), cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            AnsiConsole.MarkupLine("Stopped.");
        }

        return 0;
    }

    private static LocalRunner ActivatorUtilitiesFor(Microsoft.Extensions.Hosting.IHost host) =>
        Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<LocalRunner>(host.Services);
}
