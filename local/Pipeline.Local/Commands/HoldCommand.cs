using Pipeline.Disposal;
using Pipeline.Local.Cli;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pipeline.Local.Commands;

/// <summary>Sets or clears a case's legal hold (audited; mirrored to the blobs' legal hold where the account supports it). Exit 5 when the case is unknown.</summary>
public sealed class HoldCommand : AsyncCommand<HoldSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, HoldSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var host = LocalHost.Build(settings);
        var holds = host.Get<LegalHoldService>();
        var request = new LegalHoldRequest(settings.CaseId, settings.Reason, settings.Actor ?? Environment.UserName);
        var result = settings.Clear ? await holds.ClearAsync(request, cancellationToken) : await holds.SetAsync(request, cancellationToken);
        if (result.Outcome == LegalHoldOutcome.CaseNotFound)
        {
            ErrorConsole.Error(result.Detail + ".");
            return ExitCodes.NotFound;
        }

        AnsiConsole.MarkupLineInterpolated($"[bold]{result.Outcome}[/]: {result.Detail}");
        if (result.Warning is not null)
        {
            ErrorConsole.Warning(result.Warning);
        }
        else if (result.Mirror is not null)
        {
            AnsiConsole.MarkupLineInterpolated($"[grey]{result.Mirror}[/]");
        }

        return ExitCodes.Success;
    }
}
