using System.Globalization;
using Azure;
using Azure.Storage.Blobs.Models;

namespace Pipeline.Reconciliation;

/// <summary>
/// A sharded run's files beside the run's own: <c>runs/{runId}/shards/{shard}.json</c> (a shard's result, create-only)
/// and <c>runs/{runId}/shards/{shard}/{attempt}/chunks|maintenance/{n}.jsonl</c> (what one delivery found). The
/// coordinator copies a completed shard's chunks into the run's chunk sequence, in shard order.
/// </summary>
public sealed partial class ReconciliationRunStore
{
    internal Task WriteShardChunkAsync(string runId, int shard, string attempt, int index, IReadOnlyList<Anomaly> anomalies, CancellationToken cancellationToken) =>
        WriteJsonLinesAsync(ShardChunkBlob(runId, shard, attempt, "chunks", index), anomalies, cancellationToken);

    internal Task WriteShardMaintenanceChunkAsync(string runId, int shard, string attempt, int index, IReadOnlyList<Anomaly> items, CancellationToken cancellationToken) =>
        WriteJsonLinesAsync(ShardChunkBlob(runId, shard, attempt, "maintenance", index), items, cancellationToken);

    /// <summary>Saves a shard's result unless one is there already (another delivery finished first); true when this one was saved.</summary>
    public async Task<bool> SaveShardResultAsync(ShardResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        try
        {
            await _reports.GetBlobClient(ShardResultBlob(result.RunId, result.Shard)).UploadAsync(
                BinaryData.FromObjectAsJson(result, JsonOptions),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
                cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>The shard's result, or null while it has none. Anything else at its name is a <see cref="MalformedCheckpointException"/>.</summary>
    public Task<ShardResult?> ReadShardResultAsync(string runId, int shard, CancellationToken cancellationToken = default) =>
        ReadJsonAsync<ShardResult>(ShardResultBlob(runId, shard), cancellationToken);

    /// <summary>Whether <paramref name="runId"/> is the unfinished run (a shard of any other run is stale).</summary>
    public async Task<bool> IsUnfinishedRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        try
        {
            return (await LoadUnfinishedAsync(cancellationToken))?.RunId == runId;
        }
        catch (MalformedCheckpointException)
        {
            // The coordinator reports it and starts afresh; no shard belongs to a run nobody can resume.
            return false;
        }
    }

    /// <summary>
    /// Copies a completed shard's chunks into the run's own, from <paramref name="state"/>'s next chunk numbers on. The
    /// caller then counts them in the state; a crash before that save copies them again over the same names.
    /// </summary>
    internal async Task CopyShardChunksAsync(ShardResult result, ReconciliationState state, CancellationToken cancellationToken)
    {
        for (var index = 0; index < result.Counted.Chunks; index++)
        {
            await CopyAsync(ShardChunkBlob(result.RunId, result.Shard, result.Attempt, "chunks", index), ChunkBlob(state.RunId, state.Chunks + index), cancellationToken);
        }

        for (var index = 0; index < result.Counted.MaintenanceChunks; index++)
        {
            await CopyAsync(ShardChunkBlob(result.RunId, result.Shard, result.Attempt, "maintenance", index), MaintenanceBlob(state.RunId, state.MaintenanceChunks + index), cancellationToken);
        }
    }

    private async Task CopyAsync(string source, string target, CancellationToken cancellationToken)
    {
        var content = await _reports.GetBlobClient(source).DownloadContentAsync(cancellationToken);
        await _reports.GetBlobClient(target).UploadAsync(content.Value.Content, overwrite: true, cancellationToken);
    }

    private static string ShardResultBlob(string runId, int shard) =>
        string.Create(CultureInfo.InvariantCulture, $"runs/{runId}/shards/{shard:D5}.json");

    private static string ShardChunkBlob(string runId, int shard, string attempt, string kind, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"runs/{runId}/shards/{shard:D5}/{attempt}/{kind}/{index:D8}.jsonl");
}
