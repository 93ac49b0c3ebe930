using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;

namespace Pipeline.Broker;

/// <summary>
/// A message as a queue holds it: the bare message exactly as the sender encoded it, plus what the broker adds on each
/// delivery (sequence number, enqueued time, lock, delivery count and the properties a settlement changed).
/// </summary>
internal sealed class BrokerMessage(byte[] encoded, long sequenceNumber, DateTime enqueuedTimeUtc, string? messageId)
{
    public const string SequenceNumberAnnotation = "x-opt-sequence-number";
    public const string EnqueuedTimeAnnotation = "x-opt-enqueued-time";
    public const string LockedUntilAnnotation = "x-opt-locked-until";
    public const string DeadLetterSourceAnnotation = "x-opt-deadletter-source";

    public byte[] Encoded { get; } = encoded;

    public long SequenceNumber { get; } = sequenceNumber;

    public DateTime EnqueuedTimeUtc { get; } = enqueuedTimeUtc;

    public string? MessageId { get; } = messageId;

    /// <summary>How many times the message has been handed to a receiver under a lock.</summary>
    public int DeliveryCount { get; set; }

    public Guid LockToken { get; set; }

    public DateTime LockedUntilUtc { get; set; }

    public object? LockedBy { get; set; }

    public bool Deferred { get; set; }

    public string? DeadLetterSource { get; init; }

    /// <summary>Application properties set or replaced by settlements (abandon/defer with properties, dead-letter reason).</summary>
    public Dictionary<string, object> ModifiedProperties { get; init; } = new(StringComparer.Ordinal);

    public bool IsLocked => LockedBy is not null;

    public static BrokerMessage Create(byte[] encoded, long sequenceNumber, DateTime enqueuedTimeUtc)
    {
        using var parsed = Parse(encoded);
        // Reading a section deserialises the message; its section flags are unset until then.
        var messageId = parsed.Properties?.MessageId?.ToString();
        return new BrokerMessage(encoded, sequenceNumber, enqueuedTimeUtc, messageId);
    }

    /// <summary>A copy for another entity (the dead-letter queue, or the queue a replay re-sends to).</summary>
    public BrokerMessage CopyTo(long sequenceNumber, DateTime enqueuedTimeUtc, string? deadLetterSource) =>
        new(Encoded, sequenceNumber, enqueuedTimeUtc, MessageId)
        {
            DeliveryCount = DeliveryCount,
            DeadLetterSource = deadLetterSource,
            ModifiedProperties = new Dictionary<string, object>(ModifiedProperties, StringComparer.Ordinal),
        };

    /// <summary>
    /// The message as a receiver sees it. <paramref name="peeked"/>: the delivery count is the number of deliveries so
    /// far (the SDK adds one to the header's count only for locked deliveries).
    /// </summary>
    public AmqpMessage ToAmqpMessage(bool peeked)
    {
        // A stream message re-encodes its header and annotations when sent, and copies the body as it came.
        var message = Parse(Encoded);
        message.Header.DeliveryCount = (uint)Math.Max(0, peeked ? DeliveryCount : DeliveryCount - 1);
        message.MessageAnnotations.Map[SequenceNumberAnnotation] = SequenceNumber;
        message.MessageAnnotations.Map[EnqueuedTimeAnnotation] = EnqueuedTimeUtc;
        if (IsLocked)
        {
            message.MessageAnnotations.Map[LockedUntilAnnotation] = LockedUntilUtc;
        }

        if (DeadLetterSource is not null)
        {
            message.MessageAnnotations.Map[DeadLetterSourceAnnotation] = DeadLetterSource;
        }

        if (ModifiedProperties.Count > 0)
        {
            // A message sent without application properties has no such section; a settlement's properties need one.
            message.ApplicationProperties ??= new ApplicationProperties();
        }

        foreach (var (key, value) in ModifiedProperties)
        {
            message.ApplicationProperties.Map[key] = value;
        }

        return message;
    }

    /// <summary>The encoded message with the broker's annotations, as peek and receive-by-sequence-number return it.</summary>
    public ArraySegment<byte> ToBytes(bool peeked)
    {
        using var message = ToAmqpMessage(peeked);
        return Concat(message.GetPayload(int.MaxValue, out _));
    }

    public static AmqpMessage Parse(byte[] encoded) => AmqpMessage.CreateAmqpStreamMessage(new BufferListStream([new ArraySegment<byte>(encoded)]));

    public static byte[] Concat(ArraySegment<byte>[] segments)
    {
        var bytes = new byte[segments.Sum(s => s.Count)];
        var offset = 0;
        foreach (var segment in segments)
        {
            segment.AsSpan().CopyTo(bytes.AsSpan(offset));
            offset += segment.Count;
        }

        return bytes;
    }
}
