using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Storage;

namespace Pipeline.Integrity;

/// <summary>
/// Drains the storage check queue for the local host (in Azure the queue trigger does this). Settles as
/// <see cref="IntegrityCheckHandler"/> says: a permanent failure, or a transient one on its last delivery, goes to
/// <c>{queue}-poison</c> with its reason; a transient one is left to reappear after the visibility timeout.
/// </summary>
public sealed partial class StorageQueueCheckReceiver(
    PipelineStorage storage, StoragePoisonedChecks poison, IntegrityCheckHandler handler, IOptions<IntegrityCheckOptions> options, ILogger<StorageQueueCheckReceiver> logger)
    : IIntegrityCheckReceiver
{
    public const int MaxDequeueCount = 5;
    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromMinutes(5);

    Task<int> IIntegrityCheckReceiver.DrainAsync(CancellationToken cancellationToken) => DrainAsync(int.MaxValue, cancellationToken);

    /// <summary>
    /// Receives and handles messages until the queue is empty or <paramref name="maxMessages"/> were handled; returns how
    /// many checks ran (a message set aside as poison counts at least one). Up to <see cref="IntegrityCheckOptions.Concurrency"/>
    /// messages are handled at once, the checks in one message in turn (as the queue trigger does with <c>host.json</c>'s
    /// batch settings); one receive fetches up to 32, and the next waits until those are done, so memory stays bounded
    /// whatever the queue holds.
    /// </summary>
    public async Task<int> DrainAsync(int maxMessages = int.MaxValue, CancellationToken cancellationToken = default)
    {
        var handled = 0;
        var checks = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.Concurrency), CancellationToken = cancellationToken };
        while (handled < maxMessages)
        {
            var batch = (await storage.IntegrityQueue.ReceiveMessagesAsync(Math.Min(32, maxMessages - handled), VisibilityTimeout, cancellationToken)).Value;
            if (batch.Length == 0)
            {
                break;
            }

            await Parallel.ForEachAsync(batch, parallel, async (message, token) =>
            {
                Interlocked.Add(ref checks, await HandleAsync(message, token));
            });
            handled += batch.Length;
            if (batch.Length < 32)
            {
                break; // the queue held no more than this; a further receive would come back empty
            }
        }

        return checks;
    }

    /// <summary>Runs and settles one message; returns how many checks it settled (none when left for a retry).</summary>
    private async Task<int> HandleAsync(QueueMessage message, CancellationToken cancellationToken)
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
                return disposition.Checks;
            case CheckSettlement.DeadLetter:
                Log.Poisoned(logger, message.MessageId, message.DequeueCount, disposition.Reason);
                await poison.AddAsync(disposition.DeadLetterBody ?? body, disposition, message.DequeueCount, message.InsertedOn, cancellationToken);
                await DeleteAsync(message, cancellationToken);
                return Math.Max(1, disposition.Checks);
            default:
                // Left on the queue: it reappears after the visibility timeout and is retried, like the queue trigger does.
                return 0;
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
