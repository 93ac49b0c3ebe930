using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Pipeline.Integrity;

/// <summary>
/// Receives integrity checks from Service Bus in the local host (in Azure the <c>IntegrityCheckServiceBus</c> trigger
/// does): a <see cref="ServiceBusProcessor"/> with concurrent calls and automatic lock renewal, no auto-complete; every
/// message is settled as <see cref="IntegrityCheckHandler"/> says.
/// </summary>
public sealed partial class ServiceBusCheckProcessor(
    ServiceBusClient client, IOptions<IntegrityCheckOptions> checkOptions, IOptions<ServiceBusCheckOptions> options, IntegrityCheckHandler handler, ILogger<ServiceBusCheckProcessor> logger) : IIntegrityCheckReceiver
{
    private int inFlight;
    private long lastActivityTicks;
    private int handled;

    /// <summary>Handles messages until none arrived for <see cref="ServiceBusCheckOptions.DrainIdle"/>; returns how many were settled.</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken = default)
    {
        await using var processor = CreateProcessor();
        handled = 0;
        Touch();
        await processor.StartProcessingAsync(cancellationToken);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                // Wall-clock waits: idleness is about the broker's deliveries, not the pipeline's (possibly simulated) clock.
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
                if (Volatile.Read(ref inFlight) == 0 && Environment.TickCount64 - Interlocked.Read(ref lastActivityTicks) >= (long)options.Value.DrainIdle.TotalMilliseconds)
                {
                    break;
                }
            }
        }
        finally
        {
            await processor.StopProcessingAsync(CancellationToken.None);
        }

        return handled;
    }

    /// <summary>Handles messages until <paramref name="cancellationToken"/> fires (<c>run</c> without <c>--once</c>).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var processor = CreateProcessor();
        await processor.StartProcessingAsync(cancellationToken);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await processor.StopProcessingAsync(CancellationToken.None);
        }
    }

    private ServiceBusProcessor CreateProcessor()
    {
        var processor = client.CreateProcessor(checkOptions.Value.ServiceBusQueue, new ServiceBusProcessorOptions
        {
            AutoCompleteMessages = false,
            MaxConcurrentCalls = Math.Max(1, checkOptions.Value.Concurrency),
            MaxAutoLockRenewalDuration = options.Value.MaxAutoLockRenewalDuration,
            ReceiveMode = ServiceBusReceiveMode.PeekLock,
        });
        processor.ProcessMessageAsync += ProcessAsync;
        processor.ProcessErrorAsync += args =>
        {
            Log.ReceiveFailed(logger, args.ErrorSource.ToString(), args.EntityPath, args.Exception);
            return Task.CompletedTask;
        };
        return processor;
    }

    private void Touch() => Interlocked.Exchange(ref lastActivityTicks, Environment.TickCount64);

    private async Task ProcessAsync(ProcessMessageEventArgs args)
    {
        Interlocked.Increment(ref inFlight);
        Touch();
        try
        {
            var message = args.Message;
            var disposition = await handler.HandleAsync(message.Body.ToString(), message.MessageId, message.DeliveryCount, args.CancellationToken);
            await SettleAsync(args, disposition);
            Interlocked.Increment(ref handled);
        }
        finally
        {
            Touch();
            Interlocked.Decrement(ref inFlight);
        }
    }

    internal static Task SettleAsync(ProcessMessageEventArgs args, CheckDisposition disposition) => disposition.Settlement switch
    {
        CheckSettlement.Complete => args.CompleteMessageAsync(args.Message, CancellationToken.None),
        CheckSettlement.DeadLetter => args.DeadLetterMessageAsync(args.Message, disposition.Reason ?? "dead-lettered", disposition.Description, CancellationToken.None),
        _ => args.AbandonMessageAsync(args.Message, cancellationToken: CancellationToken.None),
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 523, Level = LogLevel.Warning, Message = "Service Bus receive failed ({ErrorSource}) on {EntityPath}; the processor retries")]
        public static partial void ReceiveFailed(ILogger logger, string errorSource, string entityPath, Exception exception);
    }
}
