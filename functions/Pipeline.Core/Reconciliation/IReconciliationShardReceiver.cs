namespace Pipeline.Reconciliation;

/// <summary>
/// Shard workers for a host without triggers (the local host's <c>reconcile --workers N</c>); in Azure the
/// <c>ReconcileShard</c> queue trigger is the worker. Every delivery goes to <see cref="ReconciliationService.ReconcileShardAsync"/>
/// and is settled as its <see cref="ShardDisposition"/> says.
/// </summary>
public interface IReconciliationShardReceiver
{
    /// <summary>Runs <paramref name="workers"/> workers at once, each reconciling one shard at a time, until cancelled.</summary>
    Task RunAsync(int workers, CancellationToken cancellationToken);
}
