using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Faults;
using Pipeline.Storage;

namespace Pipeline.Reconciliation;

/// <summary>
/// The local host's shard workers on the Storage queue: each receives one message, keeps it hidden while it works
/// (renewing its visibility, so no other worker takes a long shard), and settles it: deleted when done, made visible
/// again after <see cref="ReconciliationShardOptions.RetryDelay"/> to retry, moved to <c>{queue}-poison</c> when it is
/// not a shard request at all.
/// </summary>
public sealed partial class StorageQueueShardReceiver(
    PipelineStorage storage,
    QueueServiceClient queues,
    ReconciliationService reconciliation,
    IOptions<ReconciliationShardOptions> options,
    IFaultInjector faults,
    ILogger<StorageQueueShardReceiver> logger) : IReconciliationShardReceiver
{
    private static readonly TimeSpan FirstIdleWait = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestIdleWait = TimeSpan.FromSeconds(2);
    private readonly ReconciliationShardOptions _options = options.Value;

    public Task RunAsync(int workers, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, workers)).Select(_ => WorkAsync(cancellationToken)));

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        var idle = FirstIdleWait;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                QueueMessage? message;
                try
                {
                    await faults.AtAsync(FaultSteps.ReconcileShardReceive, storage.ShardQueue.Name, cancellationToken);
                    message = (await storage.ShardQueue.ReceiveMessageAsync(_options.VisibilityTimeout, cancellationToken)).Value;
                    if (message is not null)
                    {
                        idle = FirstIdleWait;
                        await HandleAsync(message, cancellationToken);
                        continue;
                    }
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // A failed receive or settlement ends nothing, as with a queue trigger: a message in hand becomes
                    // visible again and its shard is retried (up to MaxAttempts); this worker waits and goes on.
                    Log.WorkerFailed(logger, ex);
                }

                // Wall-clock waits, growing while the queue stays empty or failing (a host whose run is not sharded asks rarely).
                await Task.Delay(idle, cancellationToken);
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, LongestIdleWait.Ticks));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped: a message in hand becomes visible again and is taken by the next worker of its run.
        }
    }

    private async Task HandleAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        var receipt = new Receipt(message.PopReceipt);
        ShardDisposition disposition;
        using (var working = new CancellationTokenSource())
        {
            var renewal = KeepHiddenAsync(message.MessageId, receipt, working.Token);
            try
            {
                disposition = await reconciliation.ReconcileShardAsync(message.Body.ToString(), (int)Math.Min(message.DequeueCount, int.MaxValue), cancellationToken);
            }
            finally
            {
                await working.CancelAsync();
                await renewal;
            }
        }

        try
        {
            switch (disposition)
            {
                case ShardDisposition.RetryLater:
                    await storage.ShardQueue.UpdateMessageAsync(message.MessageId, receipt.Value, visibilityTimeout: _options.RetryDelay, cancellationToken: cancellationToken);
                    break;
                case ShardDisposition.Malformed:
                    var poison = queues.GetQueueClient(storage.ShardQueue.Name + "-poison");
                    await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                    await poison.SendMessageAsync(message.Body.ToString(), cancellationToken);
                    await storage.ShardQueue.DeleteMessageAsync(message.MessageId, receipt.Value, cancellationToken);
                    break;
                default:
                    await storage.ShardQueue.DeleteMessageAsync(message.MessageId, receipt.Value, cancellationToken);
                    break;
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The message was received again meanwhile (its visibility could not be renewed); that delivery settles it.
            Log.SettleLost(logger, message.MessageId, ex);
        }
    }

    /// <summary>Renews the message's visibility at half its timeout until the work is done.</summary>
    private async Task KeepHiddenAsync(string messageId, Receipt receipt, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_options.VisibilityTimeout / 2, cancellationToken);
                var updated = await storage.ShardQueue.UpdateMessageAsync(messageId, receipt.Value, visibilityTimeout: _options.VisibilityTimeout, cancellationToken: cancellationToken);
                receipt.Value = updated.Value.PopReceipt;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The work is done.
        }
        catch (RequestFailedException ex)
        {
            // Another worker may take the shard now; whichever saves its result first wins, the other's is dropped.
            Log.RenewalFailed(logger, messageId, ex);
        }
    }

    /// <summary>The message's current pop receipt: each visibility update issues a new one.</summary>
    private sealed class Receipt(string value)
    {
        private string _value = value;

        public string Value
        {
            get => Volatile.Read(ref _value);
            set => Volatile.Write(ref _value, value);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 620, Level = LogLevel.Warning, Message = "Shard message {MessageId} could not be kept hidden; another worker may take it")]
        public static partial void RenewalFailed(ILogger logger, string messageId, Exception exception);

        [LoggerMessage(EventId = 621, Level = LogLevel.Warning, Message = "Shard message {MessageId} was received again before it was settled; that delivery settles it")]
        public static partial void SettleLost(ILogger logger, string messageId, Exception exception);

        [LoggerMessage(EventId = 623, Level = LogLevel.Warning, Message = "A shard worker's receive or settlement failed; it waits and goes on")]
        public static partial void WorkerFailed(ILogger logger, Exception exception);
    }
}
