using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Pipeline.Reconciliation;

namespace Pipeline.Functions.Functions;

/// <summary>
/// The nightly whole-store reconciliation. Never on startup: a deployment must not start a full scan. An unfinished
/// run (cut off by the host's timeout) is resumed, here or by <see cref="ResumeReconciliationFunction"/>.
/// </summary>
public sealed partial class ReconcileFunction(ReconciliationService reconciliation, ILogger<ReconcileFunction> logger)
{
    public const string Name = "Reconcile";

    [Function(Name)]
    public async Task<ReconciliationReport?> RunAsync(
        [TimerTrigger("%Pipeline:Reconciliation:Schedule%", RunOnStartup = false, UseMonitor = true)] TimerInfo timer,
        CancellationToken cancellationToken = default)
    {
        try
        {
            return await reconciliation.RunAsync(new ReconciliationRequest(), cancellationToken: cancellationToken);
        }
        catch (ReconciliationAlreadyRunningException)
        {
            // A resumed run still holds the lock; it finishes this night's work. Not a failure.
            LogAlreadyRunning(logger);
            return null;
        }
    }

    [LoggerMessage(EventId = 700, Level = LogLevel.Warning, Message = "Nightly reconciliation skipped: another run holds the lock")]
    private static partial void LogAlreadyRunning(ILogger logger);
}
