using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;

namespace Pipeline.Broker;

/// <summary>
/// A receiver's link on an entity. Each locked delivery's tag is its lock token (16 bytes), which is how the SDK reads
/// <c>LockToken</c> and how its dispositions name the message. Dispositions map to Service Bus settlements:
/// accepted = complete, modified = abandon (or defer when undeliverable-here), rejected = dead-letter.
/// </summary>
internal sealed class EntityConsumer
{
    private static readonly AmqpSymbol DeadLetterCondition = "com.microsoft:dead-letter";
    private static readonly AmqpSymbol LockLostCondition = "com.microsoft:message-lock-lost";

    private readonly BrokerEntity entity;
    private readonly SendingAmqpLink link;

    public EntityConsumer(BrokerEntity entity, SendingAmqpLink link)
    {
        this.entity = entity;
        this.link = link;
        ReceiveAndDelete = link.Settings.SettleType == SettleMode.SettleOnSend;
        entity.AddConsumer(this);
        link.RegisterCreditListener((credit, drain, _) => entity.OnCredit(this, credit, drain));
        link.RegisterDispositionListener(OnDisposition);
        link.Closed += (_, _) =>
        {
            Credit = 0;
            entity.RemoveConsumer(this);
        };
    }

    /// <summary>Credit the receiver has issued and the entity has not used yet; guarded by the entity.</summary>
    public int Credit { get; set; }

    public bool ReceiveAndDelete { get; }

    public void Send(BrokerMessage message, bool settled)
    {
        var delivery = message.ToAmqpMessage(peeked: false);
        delivery.Settled = settled;
        var tag = settled ? new ArraySegment<byte>(Guid.NewGuid().ToByteArray()) : new ArraySegment<byte>(message.LockToken.ToByteArray());
        try
        {
            link.SendMessageNoWait(delivery, tag, AmqpConstants.NullBinary);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException or AmqpException)
        {
            // The link closed under us: the lock expires and the message is delivered again.
            delivery.Dispose();
        }
    }

    private void OnDisposition(Delivery delivery)
    {
        if (delivery.Settled && ReceiveAndDelete)
        {
            return;
        }

        var lockToken = new Guid(delivery.DeliveryTag.AsSpan());
        var settlement = ToSettlement(delivery.State);
        var result = settlement is null ? SettlementResult.LockLost : entity.Settle(lockToken, settlement);
        DeliveryState reply = result == SettlementResult.Settled
            ? settlement!.Kind switch
            {
                SettlementKind.Complete => new Accepted(),
                SettlementKind.DeadLetter => new Rejected(),
                _ => new Modified { UndeliverableHere = settlement.Kind == SettlementKind.Defer },
            }
            : new Rejected { Error = new Error { Condition = LockLostCondition, Description = "The lock supplied is invalid: it expired, or the message was already settled." } };
        if (!delivery.Settled)
        {
            link.DisposeDelivery(delivery, true, reply);
        }
    }

    private static Settlement? ToSettlement(DeliveryState state) => state switch
    {
        Accepted => new Settlement(SettlementKind.Complete),
        Modified modified => new Settlement(modified.UndeliverableHere == true ? SettlementKind.Defer : SettlementKind.Abandon, ToProperties(modified.MessageAnnotations)),
        Released => new Settlement(SettlementKind.Abandon),
        Rejected rejected => DeadLetter(rejected.Error),
        _ => null,
    };

    private static Settlement DeadLetter(Error? error)
    {
        if (error is null || !DeadLetterCondition.Equals(error.Condition) || error.Info is null)
        {
            return new Settlement(SettlementKind.DeadLetter, DeadLetterReason: error?.Condition.Value, DeadLetterDescription: error?.Description);
        }

        var properties = ToProperties(error.Info) ?? new Dictionary<string, object>();
        properties.Remove(Settlement.DeadLetterReasonProperty, out var reason);
        properties.Remove(Settlement.DeadLetterDescriptionProperty, out var description);
        return new Settlement(SettlementKind.DeadLetter, properties, reason as string, description as string);
    }

    private static Dictionary<string, object>? ToProperties(Fields? fields)
    {
        if (fields is null)
        {
            return null;
        }

        var properties = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, value) in fields)
        {
            if (value is not null)
            {
                properties[key.ToString()] = value;
            }
        }

        return properties;
    }
}
