using Pipeline.Local.Cli;
using Pipeline.Receipts;
using Spectre.Console.Cli;

namespace Pipeline.Local.Commands;

/// <summary>A document's receipt as JSON (stdout or <c>--out</c>). Exit 5 when the case never accepted it, 3 when its chain does not verify.</summary>
public sealed class ReceiptCommand : AsyncCommand<ReceiptSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ReceiptSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var host = LocalHost.Build(settings);
        DocumentReceipt? receipt;
        try
        {
            receipt = await host.Get<ReceiptService>().GetReceiptAsync(settings.CaseId, settings.DocumentId, cancellationToken);
        }
        catch (CaseChainBrokenException ex)
        {
            ErrorConsole.Error(ex.Message);
            return ExitCodes.AnomaliesFound;
        }

        if (receipt is null)
        {
            ErrorConsole.Error($"case {settings.CaseId} has no accepted document {settings.DocumentId}.");
            return ExitCodes.NotFound;
        }

        var json = ReceiptJson.Serialize(receipt);
        if (settings.Out is null)
        {
            Console.WriteLine(json);
        }
        else
        {
            await File.WriteAllTextAsync(settings.Out, json + "\n", cancellationToken);
            await Console.Error.WriteLineAsync($"receipt of document {receipt.DocumentId} written to {settings.Out}");
        }

        return ExitCodes.Success;
    }
}
