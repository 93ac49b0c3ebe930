using Microsoft.Azure.Functions.Worker;
using Pipeline.Reconciliation;

namespace Pipeline.Functions.Functions;

/// <summary>
/// Every 30 minutes, finishes an unfinished reconciliation run (one cut off by the host's timeout or a crash) from
/// its last checkpoint; does nothing when there is none or another run holds the lock.
/// </summary>
public sealed class ResumeReconciliationFunction(ReconciliationService reconciliation)
{
    public const string Name = "ResumeReconciliation";

    [Function(Name)]
    public async Task<ReconciliationReport?> RunAsync(
        [TimerTrigger("0 */30 * * * *", RunOnStartup = false)] TimerInfo timer,
        CancellationToken cancellationToken = default)
    {
        try
        {
            return await reconciliation.ResumeUnfinishedAsync(cancellationToken: cancellationToken);
        }
        catch (ReconciliationAlreadyRunningException)
        {
            return null;
        }
    }
}
