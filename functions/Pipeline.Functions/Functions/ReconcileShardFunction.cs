using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Pipeline.Hosting;
using Pipeline.Reconciliation;

namespace Pipeline.Functions.Functions;

/// <summary>
/// A shard worker of a sharded reconciliation: reconciles the cases of one shard message. A failed delivery before the
/// last allowed one throws, so the host delivers it again after <c>host.json</c>'s visibility timeout; the last failure
/// is recorded as the shard's result and the message completes. A message that is not a shard request throws every
/// time and ends in the poison queue, visibly.
/// </summary>
public sealed class ReconcileShardFunction(ReconciliationService reconciliation)
{
    public const string Name = "ReconcileShard";

    [Function(Name)]
    public async Task<ShardDisposition> RunAsync(
        [QueueTrigger("%Pipeline:Storage:ReconciliationShardQueue%", Connection = AppSettingNames.EvidenceStorageConnection)] QueueMessage message,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var disposition = await reconciliation.ReconcileShardAsync(message.Body.ToString(), (int)Math.Min(message.DequeueCount, int.MaxValue), cancellationToken);
        return disposition switch
        {
            ShardDisposition.RetryLater => throw new ReconciliationShardRetryException($"Shard message {message.MessageId} failed on delivery {message.DequeueCount}; the host delivers it again."),
            ShardDisposition.Malformed => throw new ReconciliationShardRetryException($"Queue message {message.MessageId} is not a reconciliation shard request."),
            _ => disposition,
        };
    }
}
