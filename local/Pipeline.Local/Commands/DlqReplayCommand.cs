using Pipeline.Integrity;
using Pipeline.Local.Cli;
using Spectre.Console.Cli;

namespace Pipeline.Local.Commands;

/// <summary>Sends dead-lettered checks back to the main queue, then removes the dead-lettered copies.</summary>
public sealed class DlqReplayCommand : AsyncCommand<DlqReplaySettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, DlqReplaySettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var host = LocalHost.Build(settings);
        var replayed = await host.Get<IDeadLetteredChecks>().ReplayAsync(settings.All ? null : settings.Ids, cancellationToken);
        foreach (var id in replayed)
        {
            Console.WriteLine(id);
        }

        var missing = settings.All ? [] : settings.Ids.Except(replayed, StringComparer.Ordinal).ToList();
        await Console.Error.WriteLineAsync($"Replayed {replayed.Count} check(s); `local/pipeline run --once` handles them.");
        foreach (var id in missing)
        {
            await Console.Error.WriteLineAsync($"pipeline: no dead-lettered check {id}");
        }

        return missing.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }
}
