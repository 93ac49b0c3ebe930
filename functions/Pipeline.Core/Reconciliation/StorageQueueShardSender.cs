using Pipeline.Storage;

namespace Pipeline.Reconciliation;

/// <summary>One Storage-queue message per shard on <c>reconciliation-shards</c>.</summary>
public sealed class StorageQueueShardSender(PipelineStorage storage) : IReconciliationShardSender
{
    public async Task SendAsync(IReadOnlyList<ReconciliationShardRequest> shards, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shards);
        await Parallel.ForEachAsync(
            shards,
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (shard, token) => await storage.ShardQueue.SendMessageAsync(shard.ToJson(), token));
    }
}
