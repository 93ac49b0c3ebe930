using Microsoft.Extensions.Hosting;
using Pipeline.Reconciliation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pipeline.Local.Commands;

/// <summary>Exit codes: 0 clean, 3 anomalies found, 4 another run holds the lock, 1 failure.</summary>
public sealed class ReconcileCommand : AsyncCommand<ReconcileSettings>
{
    public const int AnomaliesFound = 3;
    public const int AlreadyRunning = 4;

    public override async Task<int> ExecuteAsync(CommandContext context, ReconcileSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var host = LocalHost.Build(settings);
        try
        {
            var report = await RunWithProgressAsync(host, new ReconciliationRequest(settings.Rehash, settings.ForceNew), cancellationToken);
            if (settings.JsonFile is not null)
            {
                await host.Get<ReconciliationRunStore>().DownloadReportAsync(report.RunId, settings.JsonFile, cancellationToken);
                AnsiConsole.MarkupLineInterpolated($"Report written to [bold]{settings.JsonFile}[/]");
            }

            return report.Clean ? 0 : AnomaliesFound;
        }
        catch (ReconciliationAlreadyRunningException ex)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]{ex.Message}[/]");
            return AlreadyRunning;
        }
    }

    internal static async Task<ReconciliationReport> RunWithProgressAsync(IHost host, ReconciliationRequest request, CancellationToken cancellationToken)
    {
        var service = host.Get<ReconciliationService>();
        var report = await AnsiConsole.Status().StartAsync("Reconciling the whole store", async status =>
        {
            var progress = new Progress<ReconciliationProgress>(p => status.Status(
                $"Phase {p.Phase}: {p.CasesChecked} cases, {p.DocumentsChecked} documents, {p.BlobsScanned} evidence blobs, {p.IntakeBlobsScanned} intake blobs, {p.Anomalies} anomalies"));
            return await service.RunAsync(request, progress, cancellationToken);
        });
        Output.ReconciliationSummary(report);
        return report;
    }
}
