using Microsoft.Extensions.Hosting;
using Pipeline.Local.Cli;
using Pipeline.Reconciliation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pipeline.Local.Commands;

/// <summary>Exit codes: 0 clean (maintenance such as queued re-verification is not a finding), 3 findings, 4 another run holds the lock, 1 failure, 2 usage error (see <see cref="ExitCodes"/>).</summary>
public sealed class ReconcileCommand : AsyncCommand<ReconcileSettings>
{
    public const int AnomaliesFound = ExitCodes.AnomaliesFound;
    public const int AlreadyRunning = ExitCodes.AlreadyRunning;

    public override async Task<int> ExecuteAsync(CommandContext context, ReconcileSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var host = LocalHost.Build(settings);
        try
        {
            var request = new ReconciliationRequest(settings.Rehash, settings.ForceNew, settings.Workers is null ? null : true, settings.CasesPerShard);
            var report = await RunWithProgressAsync(host, request, cancellationToken, settings.Workers ?? 1);
            if (!report.Clean && settings.Show > 0)
            {
                var first = await host.Get<ReconciliationRunStore>().ReadAnomaliesAsync(report.RunId, cancellationToken).Take(settings.Show).ToListAsync(cancellationToken);
                Output.AnomalyList(first, report.AnomalyCount);
            }

            if (settings.JsonFile is not null)
            {
                await host.Get<ReconciliationRunStore>().DownloadReportAsync(report.RunId, settings.JsonFile, cancellationToken);
                AnsiConsole.MarkupLineInterpolated($"Report written to [bold]{settings.JsonFile}[/]");
            }

            if (report.Shards is { Failed: > 0 } shards)
            {
                // The report holds every other shard's findings; the failed shards' cases were not reconciled.
                ErrorConsole.Error($"{shards.Failed} of {shards.Count} shards failed: " + string.Join("; ", shards.Items.Where(s => s.Status == ShardStatus.Failed).Select(s => $"shard {s.Shard} ({s.Detail})")));
                return ExitCodes.Failure;
            }

            return report.Clean ? ExitCodes.Success : AnomaliesFound;
        }
        catch (ReconciliationAlreadyRunningException ex)
        {
            ErrorConsole.Warning(ex.Message);
            return AlreadyRunning;
        }
    }

    /// <summary>
    /// Runs (or resumes) a reconciliation with <paramref name="workers"/> shard workers beside it: idle unless the run is
    /// sharded (asked for, configured, or a sharded run resumed), then they reconcile its shards.
    /// </summary>
    internal static async Task<ReconciliationReport> RunWithProgressAsync(IHost host, ReconciliationRequest request, CancellationToken cancellationToken, int workers = 1)
    {
        var service = host.Get<ReconciliationService>();
        using var stopWorkers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var shardWorkers = host.Get<IReconciliationShardReceiver>().RunAsync(workers, stopWorkers.Token);
        ReconciliationReport report;
        try
        {
            report = await ReconciliationProgressDisplay.RunAsync(progress => service.RunAsync(request, progress, cancellationToken));
        }
        finally
        {
            await stopWorkers.CancelAsync();
            await shardWorkers;
        }

        Output.ReconciliationSummary(report);
        return report;
    }
}
