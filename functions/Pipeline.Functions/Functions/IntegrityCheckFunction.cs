using Microsoft.Azure.Functions.Worker;
using Pipeline.Functions.ServiceBus;
using Pipeline.Hosting;
using Pipeline.Integrity;

namespace Pipeline.Functions.Functions;

/// <summary>
/// Runs the integrity checks of one Storage-queue message (the Azurite-only transport): one request, or the batch
/// concurrent ingests sent together, in turn. A permanent failure (malformed message, unknown document) goes to the
/// poison queue with its reason at once; a transient one fails the invocation, so the host retries it (the checks that
/// passed repeat harmlessly) and poisons it after its dequeue limit.
/// </summary>
public sealed class IntegrityCheckFunction(IntegrityCheckHandler handler, StoragePoisonedChecks poison)
{
    public const string Name = "IntegrityCheck";

    [Function(Name)]
    public async Task<CheckDisposition> RunAsync(
        [QueueTrigger("%Pipeline:Storage:IntegrityQueue%", Connection = AppSettingNames.EvidenceStorageConnection)] string message,
        FunctionContext? context = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var id = TriggerMetadata.Text(context, "Id") ?? string.Empty;
        var dequeueCount = TriggerMetadata.Number(context, "DequeueCount") ?? 1;
        var disposition = await handler.HandleAsync(message, id, (int)dequeueCount, cancellationToken);
        switch (disposition.Settlement)
        {
            case CheckSettlement.DeadLetter:
                await poison.AddAsync(disposition.DeadLetterBody ?? message, disposition, dequeueCount, null, cancellationToken);
                break;
            case CheckSettlement.Abandon:
                throw new IntegrityCheckNotCompletedException(disposition);
        }

        return disposition;
    }
}
