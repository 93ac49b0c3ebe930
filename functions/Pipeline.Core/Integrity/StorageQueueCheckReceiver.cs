using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Hosting;
using Pipeline.Storage;

namespace Pipeline.Integrity;

/// <summary>
/// Drains the storage check queue for the local host (in Azure the queue trigger does this). Like the Functions
/// host, a message that keeps failing, or is not a request at all, moves to <c>{queue}-poison</c> rather than vanishing.
/// </summary>
public sealed partial class StorageQueueCheckReceiver(
    PipelineStorage storage, QueueServiceClient queues, IntegrityChecker checker, IOptions<IntegrityCheckOptions> options, ILogger<StorageQueueCheckReceiver> logger)
{
    private const int MaxDequeueCount = 5;
    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Receives and handles messages until the queue is empty or <paramref name="maxMessages"/> were handled; returns how
    /// many checks ran (a message set aside as poison counts as one). Up to <see cref="IntegrityCheckOptions.Concurrency"/> messages are handled at once, the checks in
    /// one message in turn (as the queue trigger does with <c>host.json</c>'s batch settings); one receive fetches up
    /// to 32, and the next waits until those are done, so memory stays bounded whatever the queue holds.
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

    /// <summary>Runs the message's checks; returns how many ran (one for a poisoned message, none when left for a retry).</summary>
    private async Task<int> HandleAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        var body = message.Body.ToString();
        var requests = IntegrityCheckRequest.TryParseMany(body, out var problem);
        try
        {
            if (requests is null)
            {
                throw new MalformedCheckRequestException($"Message {message.MessageId} is not an integrity-check request: {problem}.");
            }

            // A failure leaves the whole message for a retry; checks that already ran repeat harmlessly.
            foreach (var request in requests)
            {
                MalformedCheckRequestException.ThrowIfUnknown(request, await checker.CheckAsync(request, cancellationToken));
            }

            await DeleteAsync(message, cancellationToken);
            return requests.Count;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && (ex is MalformedCheckRequestException || message.DequeueCount >= MaxDequeueCount))
        {
            Log.Poisoned(logger, message.MessageId, message.DequeueCount, ex);
            var poison = queues.GetQueueClient(storage.IntegrityQueue.Name + "-poison");
            await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await poison.SendMessageAsync(body, cancellationToken);
            await DeleteAsync(message, cancellationToken);
            return 1;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Left on the queue: it reappears after the visibility timeout and is retried, like the queue trigger does.
            Log.Failed(logger, message.MessageId, message.DequeueCount, ex);
        }

        return 0;
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
