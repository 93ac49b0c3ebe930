using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Pipeline.Hosting;
using Pipeline.Storage;

namespace Pipeline.Integrity;

/// <summary>
/// Drains the storage check queue for the local host (in Azure the queue trigger does this). Like the Functions
/// host, a message that keeps failing, or is not a request at all, moves to <c>{queue}-poison</c> rather than vanishing.
/// </summary>
public sealed partial class StorageQueueCheckReceiver(PipelineStorage storage, QueueServiceClient queues, IntegrityChecker checker, ILogger<StorageQueueCheckReceiver> logger)
{
    private const int MaxDequeueCount = 5;
    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromMinutes(5);

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
        var request = IntegrityCheckRequest.TryParse(body);
        try
        {
            if (request is null)
            {
                throw new MalformedCheckRequestException($"Message {message.MessageId} is not an integrity-check request.");
            }

            await checker.CheckAsync(request, cancellationToken);
            await DeleteAsync(message, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && (request is null || message.DequeueCount >= MaxDequeueCount))
        {
            Log.Poisoned(logger, message.MessageId, message.DequeueCount, ex);
            var poison = queues.GetQueueClient(storage.IntegrityQueue.Name + "-poison");
            await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await poison.SendMessageAsync(body, cancellationToken);
            await DeleteAsync(message, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Left on the queue: it reappears after the visibility timeout and is retried, like the queue trigger does.
            Log.Failed(logger, message.MessageId, message.DequeueCount, ex);
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
