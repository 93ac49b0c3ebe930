using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Options;

namespace Pipeline.Reconciliation;

/// <summary>
/// The Service Bus transport of shards (when the check transport is <c>ServiceBus</c>): one message per shard on
/// <see cref="ReconciliationOptions.ShardQueue"/>, in as few batches as fit. The message id is the request's, so the
/// queue's duplicate detection drops a shard a resumed coordinator sends again.
/// </summary>
public sealed class ServiceBusShardSender(ServiceBusClient client, IOptions<ReconciliationOptions> options) : IReconciliationShardSender, IAsyncDisposable
{
    public const string Subject = "reconciliation-shard";
    private readonly ServiceBusSender _sender = client.CreateSender(options.Value.ShardQueue);

    public async Task SendAsync(IReadOnlyList<ReconciliationShardRequest> shards, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shards);
        var pending = new Queue<ServiceBusMessage>(shards.Select(ToMessage));
        while (pending.Count > 0)
        {
            using var batch = await _sender.CreateMessageBatchAsync(cancellationToken);
            while (pending.Count > 0 && batch.TryAddMessage(pending.Peek()))
            {
                pending.Dequeue();
            }

            if (batch.Count == 0)
            {
                throw new InvalidOperationException($"A shard message does not fit in an empty batch of {batch.MaxSizeInBytes} bytes.");
            }

            await _sender.SendMessagesAsync(batch, cancellationToken);
        }
    }

    public static ServiceBusMessage ToMessage(ReconciliationShardRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ServiceBusMessage(BinaryData.FromString(request.ToJson())) { MessageId = request.MessageId, ContentType = "application/json", Subject = Subject };
    }

    public ValueTask DisposeAsync() => _sender.DisposeAsync();
}
