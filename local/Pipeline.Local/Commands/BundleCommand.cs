using Pipeline.Bundles;
using Pipeline.Local.Cli;
using Pipeline.Receipts;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pipeline.Local.Commands;

/// <summary>
/// Exports the case as a BagIt bag. Exit 5 when the case is unknown, 3 when a document's bytes are not what its chain
/// accepted or the chain does not verify (nothing is left at the target).
/// </summary>
public sealed class BundleCommand : AsyncCommand<BundleSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, BundleSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var host = LocalHost.Build(settings);
        BundleResult? result;
        try
        {
            result = await host.Get<BundleExporter>().ExportAsync(settings.CaseId, settings.Out, cancellationToken);
        }
        catch (Exception ex) when (ex is BundleAbortedException or CaseChainBrokenException)
        {
            ErrorConsole.Error(ex.Message);
            return ExitCodes.AnomaliesFound;
        }

        if (result is null)
        {
            ErrorConsole.Error($"case {settings.CaseId} not found.");
            return ExitCodes.NotFound;
        }

        AnsiConsole.MarkupLineInterpolated(
            $"[green]Bundle of case {result.Manifest.CaseId}[/]: {result.PayloadFiles} documents, {result.PayloadBytes} bytes, audit record {result.Manifest.AuditHead.Sequence}, Merkle tree {result.Manifest.Tree.Size} leaves, root {result.Manifest.Tree.Root}");
        AnsiConsole.MarkupLineInterpolated($"written to {result.Directory}; check it with [bold]local/pipeline verify-bundle {result.Directory}[/]");
        return ExitCodes.Success;
    }
}
