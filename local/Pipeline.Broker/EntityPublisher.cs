using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;

namespace Pipeline.Broker;

/// <summary>
/// A sender's link on an entity. A batch (the SDK's <c>ServiceBusMessageBatch</c>) arrives as one transfer whose Data
/// sections each hold an encoded message; each becomes its own queue message.
/// </summary>
internal sealed class EntityPublisher
{
    private readonly BrokerEntity entity;
    private readonly ReceivingAmqpLink link;
    private readonly ulong maxMessageSize;

    public EntityPublisher(BrokerEntity entity, ReceivingAmqpLink link, ulong maxMessageSize)
    {
        this.entity = entity;
        this.link = link;
        this.maxMessageSize = maxMessageSize;
        link.RegisterMessageListener(OnMessage);
    }

    private void OnMessage(AmqpMessage message)
    {
        using (message)
        {
            try
            {
                if ((ulong)message.SerializedMessageSize > maxMessageSize)
                {
                    Reject(message, AmqpErrorCode.MessageSizeExceeded, $"The message is {message.SerializedMessageSize} bytes; the limit is {maxMessageSize}.");
                    return;
                }

                foreach (var encoded in Split(message))
                {
                    entity.Enqueue(encoded);
                }

                link.AcceptMessage(message, settled: true, batchable: false);
            }
            catch (Exception ex) when (ex is AmqpException or InvalidOperationException or InvalidCastException or FormatException)
            {
                Reject(message, AmqpErrorCode.DecodeError, ex.Message);
            }
        }
    }

    private void Reject(AmqpMessage message, Microsoft.Azure.Amqp.Encoding.AmqpSymbol condition, string description) =>
        link.DisposeMessage(message, new Rejected { Error = new Error { Condition = condition, Description = description } }, settled: true, batchable: false);

    private static List<byte[]> Split(AmqpMessage message)
    {
        if (message.MessageFormat == AmqpConstants.AmqpBatchedMessageFormat)
        {
            return message.DataBody.Select(data => data.Value switch
            {
                ArraySegment<byte> segment => segment.AsSpan().ToArray(),
                byte[] bytes => bytes,
                _ => throw new FormatException("A batched message's Data section does not hold an encoded message."),
            }).ToList();
        }

        // The bytes as the sender encoded them: re-encoding a received message (GetPayload) loses its properties and
        // application-properties sections, and with them the message id duplicate detection needs.
        using var received = (BufferListStream)((BufferListStream)message.ToStream()).Clone();
        return [BrokerMessage.Concat(received.ReadBuffers(int.MaxValue, advance: false, out _))];
    }
}
