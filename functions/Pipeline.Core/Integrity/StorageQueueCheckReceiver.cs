using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Pipeline.Storage;

namespace Pipeline.Integrity;

/// <summary>
/// Drains the storage check queue for the local host (in Azure the queue trigger does this). Settles as
/// <see cref="IntegrityCheckHandler"/> says: a permanent failure, or a transient one on its last delivery, goes to
/// <c>{queue}-poison</c> with its reason; a transient one is left to reappear after the visibility timeout.
/// </summary>
public sealed partial class StorageQueueCheckReceiver(PipelineStorage storage, StoragePoisonedChecks poison, IntegrityCheckHandler handler, ILogger<StorageQueueCheckReceiver> logger) : IIntegrityCheckReceiver
{
    public const int MaxDequeueCount = 5;
    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromMinutes(5);

    Task<int> IIntegrityCheckReceiver.DrainAsync(CancellationToken cancellationToken) => DrainAsync(int.MaxValue, cancellationToken);

    /// <summary>Receives and handles messages until the queue is empty or <paramref name="maxMessages"/> were handled; returns how many.</summary>
    public async Task<int> DrainAsync(int maxMessages = int.MaxValue, CancellationToken cancellationToken = default)
    {
        var handled = 0;
        while (handled < maxMessages)
        {
            var batch = (await storage.IntegrityQueue.ReceiveMessagesAsync(Math.Min(32, maxMessages - handled), VisibilityTimeout, cancellationToken)).Value;
            if (batch.Length == 0)
            {
                break;
            }

            foreach (var message in batch)
            {
                await HandleAsync(message, cancellationToken);
                handled++;
            }
        }

        return handled;
    }

    private async Task HandleAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        var body = message.Body.ToString();
        var disposition = await handler.HandleAsync(body, message.MessageId, (int)message.DequeueCount, cancellationToken);
        if (disposition.Settlement == CheckSettlement.Abandon && message.DequeueCount >= MaxDequeueCount)
        {
            disposition = CheckDisposition.DeadLetter(CheckDeadLetterReasons.MaxDeliveryCountExceeded, $"failed {message.DequeueCount} times; last: {disposition.Description}");
        }

        switch (disposition.Settlement)
        {
            case CheckSettlement.Complete:
                await DeleteAsync(message, cancellationToken);
                break;
            case CheckSettlement.DeadLetter:
                Log.Poisoned(logger, message.MessageId, message.DequeueCount, disposition.Reason);
                await poison.AddAsync(body, disposition, message.DequeueCount, message.InsertedOn, cancellationToken);
                await DeleteAsync(message, cancellationToken);
                break;
            default:
                // Left on the queue: it reappears after the visibility timeout and is retried, like the queue trigger does.
                break;
        }
    }

    private async Task DeleteAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await storage.IntegrityQueue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            // The visibility timeout ran out during a long check and the message was received again; that delivery deletes it.
        }
    }
}
