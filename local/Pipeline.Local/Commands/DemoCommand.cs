using Microsoft.Extensions.DependencyInjection;
using Pipeline.Ingest;
using Pipeline.Local.Cli;
using Pipeline.Reconciliation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pipeline.Local.Commands;

/// <summary>
/// The README's first command: Azurite up, the sample bundle uploaded as a portal would, ingested, checked,
/// reconciled, and the case shown. Exit code as <c>reconcile</c>.
/// </summary>
public sealed class DemoCommand : AsyncCommand<PipelineSettings>
{
    public const string DemoCase = "DEMO-2026-001";

    public override async Task<int> ExecuteAsync(CommandContext context, PipelineSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        AnsiConsole.Write(new Rule("1. Storage"));
        await UpCommand.UpAsync(settings, cancellationToken);

        using var host = LocalHost.Build(settings);
        var bundle = Path.Combine(Azurite.LocalDirectory, "sample-bundle");
        var files = Directory.GetFiles(bundle).Order(StringComparer.Ordinal).ToList();
        AnsiConsole.Write(new Rule($"2. Portal uploads {files.Count} files for case {DemoCase}"));
        await UploadCommand.UploadAsync(host, DemoCase, files, "demo-portal@courts.example", null, null, cancellationToken);

        AnsiConsole.Write(new Rule("3. Ingest and integrity checks"));
        var runner = ActivatorUtilities.CreateInstance<LocalRunner>(host.Services);
        var (ingested, checkedCount) = await runner.UntilIdleAsync(new SynchronousProgress<IngestResult>(Output.IngestLine), cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"{ingested} uploads handled, {checkedCount} integrity checks run.");

        AnsiConsole.Write(new Rule("4. Case status"));
        await StatusCommand.ShowAsync(host, DemoCase, json: false, cancellationToken);

        AnsiConsole.Write(new Rule("5. Full reconciliation"));
        try
        {
            var report = await ReconcileCommand.RunWithProgressAsync(host, new ReconciliationRequest(ForceNew: true), cancellationToken);
            return report.Clean ? ExitCodes.Success : ExitCodes.AnomaliesFound;
        }
        catch (ReconciliationAlreadyRunningException ex)
        {
            ErrorConsole.Warning(ex.Message);
            return ExitCodes.AlreadyRunning;
        }
    }
}
