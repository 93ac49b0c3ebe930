namespace Pipeline.Reconciliation;

/// <summary>
/// A shard delivery's checkpoints: chunks in its own attempt folder, nothing else. Its counts are saved once, in its
/// result; a delivery that stops part-way leaves an attempt folder no result names, and the next delivery starts over.
/// </summary>
internal sealed class ShardCheckpoints(ReconciliationRunStore store, int shard, string attempt) : IRunCheckpoints
{
    public Task ConfirmHeldAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task WriteChunkAsync(string runId, int index, IReadOnlyList<Anomaly> anomalies, CancellationToken cancellationToken) =>
        store.WriteShardChunkAsync(runId, shard, attempt, index, anomalies, cancellationToken);

    public Task WriteMaintenanceChunkAsync(string runId, int index, IReadOnlyList<Anomaly> items, CancellationToken cancellationToken) =>
        store.WriteShardMaintenanceChunkAsync(runId, shard, attempt, index, items, cancellationToken);

    public Task SaveAsync(ReconciliationState state, CancellationToken cancellationToken) => Task.CompletedTask;
}
