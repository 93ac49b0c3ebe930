namespace Pipeline.Reconciliation;

/// <summary>The run's own checkpoint: lease confirmed, chunks under <c>runs/{runId}/</c>, then <c>state.json</c>.</summary>
internal sealed class LockedRunCheckpoints(ReconciliationRunStore store, ReconciliationLock runLock) : IRunCheckpoints
{
    public Task ConfirmHeldAsync(CancellationToken cancellationToken) => runLock.ConfirmHeldAsync(cancellationToken);

    public Task WriteChunkAsync(string runId, int index, IReadOnlyList<Anomaly> anomalies, CancellationToken cancellationToken) =>
        store.WriteChunkAsync(runId, index, anomalies, cancellationToken);

    public Task WriteMaintenanceChunkAsync(string runId, int index, IReadOnlyList<Anomaly> items, CancellationToken cancellationToken) =>
        store.WriteMaintenanceChunkAsync(runId, index, items, cancellationToken);

    public Task SaveAsync(ReconciliationState state, CancellationToken cancellationToken) => store.SaveAsync(state, cancellationToken);
}
