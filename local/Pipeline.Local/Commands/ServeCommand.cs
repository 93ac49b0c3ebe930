using Microsoft.AspNetCore.Builder;
using Pipeline.Local.Cli;
using Pipeline.Local.Portal;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pipeline.Local.Commands;

/// <summary>
/// Serves the portal API (and the operations page) on 127.0.0.1 until Ctrl+C (exit 0). Callers authenticate with a dev
/// key (<c>X-Pipeline-Key</c>) from <c>Pipeline__Portal__DevKeys__N__Name/Key/Cases</c>; with none configured, one
/// granting every case is generated and printed.
/// </summary>
public sealed class ServeCommand : AsyncCommand<ServeSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ServeSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await using var app = PortalWebHost.Build(settings, settings.Port, out var generatedKey);
        await app.StartAsync(cancellationToken);
        ErrorConsole.Instance.WriteLine($"serving the portal API on {string.Join(", ", app.Urls)} (Ctrl+C stops)");
        if (generatedKey is not null)
        {
            ErrorConsole.Instance.WriteLine($"dev key '{PortalWebHost.GeneratedKeyName}' for every case: X-Pipeline-Key: {generatedKey}");
        }

        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C is the normal way to stop serving.
        }

        await app.StopAsync(CancellationToken.None);
        return ExitCodes.Success;
    }
}
