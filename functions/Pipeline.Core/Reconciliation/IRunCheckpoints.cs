namespace Pipeline.Reconciliation;

/// <summary>
/// Where a <see cref="ReconciliationRun"/> saves its work at each checkpoint: the locked run's own files, or a shard
/// worker's attempt folder (which holds no lock and has no state of its own to save).
/// </summary>
internal interface IRunCheckpoints
{
    /// <summary>Throws when this process may no longer write for the run.</summary>
    Task ConfirmHeldAsync(CancellationToken cancellationToken);

    Task WriteChunkAsync(string runId, int index, IReadOnlyList<Anomaly> anomalies, CancellationToken cancellationToken);

    Task WriteMaintenanceChunkAsync(string runId, int index, IReadOnlyList<Anomaly> items, CancellationToken cancellationToken);

    Task SaveAsync(ReconciliationState state, CancellationToken cancellationToken);
}
