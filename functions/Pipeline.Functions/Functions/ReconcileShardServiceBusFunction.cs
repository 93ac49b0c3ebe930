using Microsoft.Azure.Functions.Worker;
using Pipeline.Functions.ServiceBus;
using Pipeline.Hosting;
using Pipeline.Reconciliation;

namespace Pipeline.Functions.Functions;

/// <summary>
/// A shard worker on Service Bus (the transport infra deploys): reconciles the cases of one shard message. The host
/// completes the message when this returns and abandons it when this throws: a failed delivery before the last allowed
/// one, and a message that is not a shard request, which the queue's delivery limit then dead-letters.
/// </summary>
public sealed class ReconcileShardServiceBusFunction(ReconciliationService reconciliation)
{
    public const string Name = "ReconcileShardServiceBus";

    [Function(Name)]
    public async Task<ShardDisposition> RunAsync(
        [ServiceBusTrigger("%Pipeline:Reconciliation:ShardQueue%", Connection = AppSettingNames.IntegrityServiceBusConnection)] string message,
        FunctionContext? context = null,
        CancellationToken cancellationToken = default)
    {
        var deliveryCount = (int)(TriggerMetadata.Number(context, "DeliveryCount") ?? 1);
        var disposition = await reconciliation.ReconcileShardAsync(message, deliveryCount, cancellationToken);
        return disposition switch
        {
            ShardDisposition.RetryLater => throw new ReconciliationShardRetryException($"The shard failed on delivery {deliveryCount}; the host delivers it again."),
            ShardDisposition.Malformed => throw new ReconciliationShardRetryException("The message is not a reconciliation shard request."),
            _ => disposition,
        };
    }
}
