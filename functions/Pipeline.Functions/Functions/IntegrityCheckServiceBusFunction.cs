using Microsoft.Azure.Functions.Worker;
using Pipeline.Functions.ServiceBus;
using Pipeline.Hosting;
using Pipeline.Integrity;

namespace Pipeline.Functions.Functions;

/// <summary>
/// Runs one integrity check per Service Bus message (the production transport). The message body and the trigger's
/// metadata (message id, delivery count) are bound as plain values: the worker's <c>ServiceBusReceivedMessage</c> and
/// <c>ServiceBusMessageActions</c> come from the worker extension package, which this machine's feed does not serve.
/// The handler decides the settlement; a disposition other than complete fails the invocation with its reason, so the
/// host abandons the message and its delivery limit dead-letters what keeps failing.
/// </summary>
public sealed class IntegrityCheckServiceBusFunction(IntegrityCheckHandler handler)
{
    public const string Name = "IntegrityCheckServiceBus";

    [Function(Name)]
    public async Task RunAsync(
        [ServiceBusTrigger("%Pipeline:IntegrityChecks:ServiceBusQueue%", Connection = AppSettingNames.IntegrityServiceBusConnection, AutoCompleteMessages = false)] string message,
        FunctionContext? context = null,
        CancellationToken cancellationToken = default)
    {
        var messageId = TriggerMetadata.Text(context, "MessageId") ?? string.Empty;
        var deliveryCount = (int)(TriggerMetadata.Number(context, "DeliveryCount") ?? 1);
        var disposition = await handler.HandleAsync(message, messageId, deliveryCount, cancellationToken);
        if (disposition.Settlement != CheckSettlement.Complete)
        {
            throw new IntegrityCheckNotCompletedException(disposition);
        }
    }
}
