using System.Globalization;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Options;
using Pipeline.Hosting;

namespace Pipeline.Integrity;

/// <summary>The check queue's <c>$DeadLetterQueue</c>: peeked to list, received under lock to replay.</summary>
public sealed class ServiceBusDeadLetteredChecks(ServiceBusClient client, ServiceBusSender sender, IOptions<IntegrityCheckOptions> options) : IDeadLetteredChecks
{
    public string Location => Queue + "/$DeadLetterQueue";

    private string Queue => options.Value.ServiceBusQueue;

    public async Task<IReadOnlyList<DeadLetteredCheck>> ListAsync(int max = 1000, CancellationToken cancellationToken = default)
    {
        await using var receiver = client.CreateReceiver(Queue, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        var result = new List<DeadLetteredCheck>();
        long? from = 0;
        while (result.Count < max)
        {
            var page = await receiver.PeekMessagesAsync(Math.Min(100, max - result.Count), from, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            result.AddRange(page.Select(ToCheck));
            from = page[^1].SequenceNumber + 1;
        }

        return result;
    }

    public async Task<IReadOnlyList<string>> ReplayAsync(IReadOnlyCollection<string>? ids, CancellationToken cancellationToken = default)
    {
        await using var receiver = client.CreateReceiver(Queue, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter, ReceiveMode = ServiceBusReceiveMode.PeekLock });
        var replayed = new List<string>();
        var skipped = new List<ServiceBusReceivedMessage>();
        var wanted = ids?.ToHashSet(StringComparer.Ordinal);
        while (wanted is null || replayed.Count < wanted.Count)
        {
            var batch = await receiver.ReceiveMessagesAsync(100, TimeSpan.FromSeconds(1), cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var message in batch)
            {
                var id = Id(message);
                if (wanted is not null && !wanted.Contains(id))
                {
                    skipped.Add(message);
                    continue;
                }

                await sender.SendMessageAsync(ReplayMessage(message, id), cancellationToken);
                await receiver.CompleteMessageAsync(message, cancellationToken);
                replayed.Add(id);
            }
        }

        // Messages not asked for were locked by this receive: hand them back at once rather than when the lock expires.
        foreach (var message in skipped)
        {
            await receiver.AbandonMessageAsync(message, cancellationToken: CancellationToken.None);
        }

        return replayed;
    }

    private static string Id(ServiceBusReceivedMessage message) => message.SequenceNumber.ToString(CultureInfo.InvariantCulture);

    private static ServiceBusMessage ReplayMessage(ServiceBusReceivedMessage message, string id)
    {
        var body = ReplayRequests.Body(message.Body.ToString(), id);
        if (IntegrityCheckRequest.TryParse(body) is { } request)
        {
            return ServiceBusCheckSender.ToMessage(request);
        }

        // Not a request: sent back as it was, under an id fixed by the dead-letter, for whoever fixes the sender to see.
        return new ServiceBusMessage(message.Body) { MessageId = TextHash.Hex("replay/" + id + "/" + message.MessageId, 32), ContentType = message.ContentType, Subject = message.Subject };
    }

    private static DeadLetteredCheck ToCheck(ServiceBusReceivedMessage message)
    {
        var body = message.Body.ToString();
        var (caseId, documentId) = ReplayRequests.Names(body);
        return new DeadLetteredCheck(Id(message), message.DeadLetterReason, message.DeadLetterErrorDescription, message.DeliveryCount, message.EnqueuedTime, caseId, documentId, body);
    }
}
