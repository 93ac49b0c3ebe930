using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Pipeline.Storage;

namespace Pipeline.Integrity;

/// <summary>
/// The Storage transport's dead-letter queue, <c>{queue}-poison</c>. The pipeline's own poison messages are an envelope
/// with the reason and description (Storage queues have no dead-letter properties); a bare request there was put by the
/// Functions host after its dequeue limit.
/// </summary>
public sealed class StoragePoisonedChecks(PipelineStorage storage, QueueServiceClient queues) : IDeadLetteredChecks
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public string Location => storage.IntegrityQueue.Name + "-poison";

    private QueueClient Poison => queues.GetQueueClient(Location);

    public async Task AddAsync(string body, CheckDisposition disposition, long dequeueCount, DateTimeOffset? enqueuedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(disposition);
        var envelope = new PoisonEnvelope(body, disposition.Reason, disposition.Description, (int)dequeueCount, enqueuedAt);
        await Poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await Poison.SendMessageAsync(JsonSerializer.Serialize(envelope, JsonOptions), cancellationToken);
    }

    /// <summary>Storage can only peek the first 32 messages of a queue.</summary>
    public async Task<IReadOnlyList<DeadLetteredCheck>> ListAsync(int max = 1000, CancellationToken cancellationToken = default)
    {
        if (!await Poison.ExistsAsync(cancellationToken))
        {
            return [];
        }

        var peeked = (await Poison.PeekMessagesAsync(Math.Min(32, max), cancellationToken)).Value;
        return peeked.Select(m => ToCheck(m.MessageId, m.Body.ToString(), m.DequeueCount, m.InsertedOn)).ToList();
    }

    public async Task<IReadOnlyList<string>> ReplayAsync(IReadOnlyCollection<string>? ids, CancellationToken cancellationToken = default)
    {
        var replayed = new List<string>();
        if (!await Poison.ExistsAsync(cancellationToken))
        {
            return replayed;
        }

        var wanted = ids?.ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (wanted is null || replayed.Count < wanted.Count)
        {
            // Received messages stay hidden for the timeout, so one pass sees each message once.
            var batch = (await Poison.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30), cancellationToken)).Value;
            if (batch.Length == 0 || batch.All(m => !seen.Add(m.MessageId)))
            {
                break;
            }

            foreach (var message in batch.Where(m => wanted is null || wanted.Contains(m.MessageId)))
            {
                var check = ToCheck(message.MessageId, message.Body.ToString(), message.DequeueCount, message.InsertedOn);
                await storage.IntegrityQueue.SendMessageAsync(ReplayRequests.Body(check.Body, check.Id), cancellationToken);
                await Poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                replayed.Add(message.MessageId);
            }
        }

        return replayed;
    }

    private static DeadLetteredCheck ToCheck(string id, string text, long dequeueCount, DateTimeOffset? insertedOn)
    {
        PoisonEnvelope? envelope = null;
        try
        {
            envelope = JsonSerializer.Deserialize<PoisonEnvelope>(text, JsonOptions);
        }
        catch (JsonException)
        {
        }

        var body = envelope?.Body ?? text;
        var (caseId, documentId) = ReplayRequests.Names(body);
        return envelope?.Body is not null
            ? new DeadLetteredCheck(id, envelope.Reason, envelope.Description, envelope.DeliveryCount, envelope.EnqueuedAt ?? insertedOn ?? default, caseId, documentId, body)
            : new DeadLetteredCheck(id, CheckDeadLetterReasons.MaxDeliveryCountExceeded, "moved by the Functions host after its dequeue limit", (int)dequeueCount, insertedOn ?? default, caseId, documentId, body);
    }

    private sealed record PoisonEnvelope(
        [property: JsonPropertyName("body")] string? Body,
        [property: JsonPropertyName("reason")] string? Reason,
        [property: JsonPropertyName("description")] string? Description,
        [property: JsonPropertyName("deliveryCount")] int DeliveryCount,
        [property: JsonPropertyName("enqueuedAt")] DateTimeOffset? EnqueuedAt);
}
