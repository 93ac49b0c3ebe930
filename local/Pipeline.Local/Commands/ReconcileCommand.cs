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
            var report = await RunWithProgressAsync(host, new ReconciliationRequest(settings.Rehash, settings.ForceNew), cancellationToken);
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

            return report.Clean ? ExitCodes.Success : AnomaliesFound;
        }
        catch (ReconciliationAlreadyRunningException ex)
        {
            ErrorConsole.Warning(ex.Message);
            return AlreadyRunning;
        }
    }

    internal static async Task<ReconciliationReport> RunWithProgressAsync(IHost host, ReconciliationRequest request, CancellationToken cancellationToken)
    {
        var service = host.Get<ReconciliationService>();
        var report = await ReconciliationProgressDisplay.RunAsync(progress => service.RunAsync(request, progress, cancellationToken));
        Output.ReconciliationSummary(report);
        return report;
    }
}
