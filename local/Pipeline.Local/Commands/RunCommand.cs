using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NCrontab;
using Pipeline.Ingest;
using Pipeline.Local.Cli;
using Pipeline.Reconciliation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pipeline.Local.Commands;

/// <summary>
/// The local stand-in for the Functions host: intake watch, check queue, nightly reconciliation on its NCRONTAB schedule.
/// Like the Functions host it outlives a failed pass: a transient storage error, a lost reconciliation lease or a
/// reconciliation another run holds the lock for is a warning, and the loop carries on. Ctrl+C stops it (exit 0).
/// </summary>
public sealed class RunCommand : AsyncCommand<RunSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, RunSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var host = LocalHost.Build(settings);
        var runner = ActivatorUtilitiesFor(host);
        if (settings.Once)
        {
            var (ingested, checkedCount) = await runner.UntilIdleAsync(new SynchronousProgress<IngestResult>(Output.IngestLine), cancellationToken);
            AnsiConsole.MarkupLineInterpolated($"Idle: [bold]{ingested}[/] uploads handled, [bold]{checkedCount}[/] integrity checks run.");
            return ExitCodes.Success;
        }

        var options = host.Get<IOptions<ReconciliationOptions>>().Value;
        var schedule = CrontabSchedule.Parse(options.Schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        var next = schedule.GetNextOccurrence(DateTime.UtcNow);
        AnsiConsole.MarkupLineInterpolated($"Watching intake and the check queue; next reconciliation {next:u} ([grey]{options.Schedule}[/]). Ctrl+C stops.");
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var busy = await PassAsync(runner, cancellationToken);
                if (DateTime.UtcNow >= next)
                {
                    await ReconcileAsync(host, cancellationToken);
                    next = schedule.GetNextOccurrence(DateTime.UtcNow);
                    AnsiConsole.MarkupLineInterpolated($"[grey]Next reconciliation {next:u}.[/]");
                }

                if (!busy)
                {
                    await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, settings.IntervalSeconds)), cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        AnsiConsole.MarkupLine("Stopped.");
        return ExitCodes.Success;
    }

    /// <summary>One ingest and check pass; true when it did something (so the next pass follows at once).</summary>
    private static async Task<bool> PassAsync(LocalRunner runner, CancellationToken cancellationToken)
    {
        try
        {
            var (ingested, checkedCount) = await runner.PassAsync(new SynchronousProgress<IngestResult>(Output.IngestLine), cancellationToken);
            if (checkedCount > 0)
            {
                AnsiConsole.MarkupLineInterpolated($"[grey]{checkedCount} integrity checks run[/]");
            }

            return ingested > 0 || checkedCount > 0;
        }
        catch (Exception ex) when (IsTransient(ex, cancellationToken))
        {
            ErrorConsole.Warning($"ingest/check pass failed, trying again in a moment: {Describe(ex)}");
            return false;
        }
    }

    private static async Task ReconcileAsync(IHost host, CancellationToken cancellationToken)
    {
        try
        {
            await ReconcileCommand.RunWithProgressAsync(host, new ReconciliationRequest(), cancellationToken);
        }
        catch (ReconciliationAlreadyRunningException ex)
        {
            ErrorConsole.Warning($"scheduled reconciliation skipped: {ex.Message}");
        }
        catch (Exception ex) when (IsTransient(ex, cancellationToken))
        {
            // Its checkpoints stay: the next run resumes it rather than starting over.
            ErrorConsole.Warning($"scheduled reconciliation failed, it resumes at the next run: {Describe(ex)}");
        }
    }

    /// <summary>
    /// Worth carrying on after: a storage error that may not recur, or a cancellation that was not Ctrl+C
    /// (a network timeout, or a reconciliation that lost its lease).
    /// </summary>
    private static bool IsTransient(Exception exception, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested
        && (exception is OperationCanceledException or ReconciliationLeaseLostException || StorageFailures.IsTransient(exception));

    private static string Describe(Exception exception) =>
        StorageFailures.Unreachable(exception) is { } unreachable
            ? "storage unreachable: " + StorageFailures.FirstLine(unreachable.Message)
            : $"{exception.GetType().Name}: {StorageFailures.FirstLine(exception.Message)}";

    private static LocalRunner ActivatorUtilitiesFor(IHost host) =>
        Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<LocalRunner>(host.Services);
}
