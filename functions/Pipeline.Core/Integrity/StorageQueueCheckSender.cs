using Pipeline.Hosting;
using Pipeline.Storage;

namespace Pipeline.Integrity;

/// <summary>
/// Storage-queue transport. Storage queues cannot de-duplicate, so a re-sent request runs the check twice; the
/// check is idempotent (a repeat only refreshes <c>LastVerifiedAt</c>), which is why that is acceptable here.
/// </summary>
public sealed class StorageQueueCheckSender(PipelineStorage storage) : IIntegrityCheckSender
{
    public async Task EnqueueAsync(IntegrityCheckRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await storage.IntegrityQueue.SendMessageAsync(request.ToJson(), cancellationToken);
    }

    /// <summary>One message for the lot: a storage queue has no batch send, but a message can carry many requests.</summary>
    public async Task EnqueueBatchAsync(IReadOnlyList<IntegrityCheckRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count > 0)
        {
            await storage.IntegrityQueue.SendMessageAsync(IntegrityCheckRequest.ToJson(requests), cancellationToken);
        }
    }
}
