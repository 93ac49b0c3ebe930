using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Pipeline.Reconciliation;

/// <summary>
/// The local host's shard workers on Service Bus: a processor with one concurrent call per worker, the lock renewed
/// while a shard runs, every message settled as <see cref="ShardDisposition"/> says (a retry is abandoned after
/// <see cref="ReconciliationShardOptions.RetryDelay"/>; a message that is not a shard request is dead-lettered).
/// </summary>
public sealed partial class ServiceBusShardReceiver(
    ServiceBusClient client,
    ReconciliationService reconciliation,
    IOptions<ReconciliationOptions> options,
    IOptions<ReconciliationShardOptions> shardOptions,
    ILogger<ServiceBusShardReceiver> logger) : IReconciliationShardReceiver
{
    public const string MalformedReason = "not-a-shard-request";

    public async Task RunAsync(int workers, CancellationToken cancellationToken)
    {
        await using var processor = client.CreateProcessor(options.Value.ShardQueue, new ServiceBusProcessorOptions
        {
            AutoCompleteMessages = false,
            MaxConcurrentCalls = Math.Max(1, workers),
            MaxAutoLockRenewalDuration = shardOptions.Value.ShardTimeout,
            ReceiveMode = ServiceBusReceiveMode.PeekLock,
        });
        processor.ProcessMessageAsync += HandleAsync;
        processor.ProcessErrorAsync += args =>
        {
            Log.ReceiveFailed(logger, args.ErrorSource.ToString(), args.EntityPath, args.Exception);
            return Task.CompletedTask;
        };
        try
        {
            await processor.StartProcessingAsync(cancellationToken);
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped: a shard in hand is abandoned and delivered again to the next worker of its run.
        }
        finally
        {
            await processor.StopProcessingAsync(CancellationToken.None);
        }
    }

    private async Task HandleAsync(ProcessMessageEventArgs args)
    {
        var message = args.Message;
        var disposition = await reconciliation.ReconcileShardAsync(message.Body.ToString(), message.DeliveryCount, args.CancellationToken);
        switch (disposition)
        {
            case ShardDisposition.RetryLater:
                await Task.Delay(shardOptions.Value.RetryDelay, args.CancellationToken);
                await args.AbandonMessageAsync(message, cancellationToken: CancellationToken.None);
                break;
            case ShardDisposition.Malformed:
                await args.DeadLetterMessageAsync(message, MalformedReason, "The message is not a reconciliation shard request.", CancellationToken.None);
                break;
            default:
                await args.CompleteMessageAsync(message, CancellationToken.None);
                break;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 622, Level = LogLevel.Warning, Message = "Service Bus shard receive failed ({ErrorSource}) on {EntityPath}; the processor retries")]
        public static partial void ReceiveFailed(ILogger logger, string errorSource, string entityPath, Exception exception);
    }
}
