using Pipeline.Disposal;
using Pipeline.Local.Cli;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pipeline.Local.Commands;

/// <summary>Removes a document from its case (audited; bytes kept). Exit 0 when disposed (or already), 5 not found, 6 refused.</summary>
public sealed class DisposeCommand : AsyncCommand<DisposeSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, DisposeSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var host = LocalHost.Build(settings);
        var result = await host.Get<DisposalService>().DisposeAsync(
            new DisposalRequest(settings.CaseId, settings.DocumentId, settings.Reason, settings.Actor), cancellationToken);
        switch (result.Outcome)
        {
            case DisposalOutcome.Disposed:
                AnsiConsole.MarkupLineInterpolated($"[green]Disposed[/]: {result.Detail}");
                return ExitCodes.Success;
            case DisposalOutcome.AlreadyDisposed:
                AnsiConsole.MarkupLineInterpolated($"[grey]Already disposed[/]: {result.Detail}");
                return ExitCodes.Success;
            case DisposalOutcome.NotFound:
                ErrorConsole.Error(result.Detail + ".");
                return ExitCodes.NotFound;
            default:
                ErrorConsole.Error($"refused: {result.Detail}.");
                return ExitCodes.Refused;
        }
    }
}
