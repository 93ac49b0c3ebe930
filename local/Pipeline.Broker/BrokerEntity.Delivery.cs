namespace Pipeline.Broker;

/// <summary>Consumers, credit and peek-locks: how messages leave the entity.</summary>
internal sealed partial class BrokerEntity
{
    public void AddConsumer(EntityConsumer consumer)
    {
        lock (gate)
        {
            consumers.Add(consumer);
        }
    }

    /// <summary>A closed link's locks stay until they expire, as in Service Bus: its receiver may still settle through management.</summary>
    public void RemoveConsumer(EntityConsumer consumer)
    {
        lock (gate)
        {
            consumers.Remove(consumer);
        }
    }

    /// <summary>Hands available messages to consumers with credit, in sequence order.</summary>
    public void Dispatch()
    {
        List<(EntityConsumer Consumer, BrokerMessage Message, bool Settled)>? sends = null;
        lock (gate)
        {
            foreach (var consumer in consumers)
            {
                while (consumer.Credit > 0 && available.Count > 0)
                {
                    var sequenceNumber = available.Min;
                    available.Remove(sequenceNumber);
                    var message = messages[sequenceNumber];
                    consumer.Credit--;
                    if (consumer.ReceiveAndDelete)
                    {
                        messages.Remove(sequenceNumber);
                        message.DeliveryCount++;
                        (sends ??= []).Add((consumer, message, true));
                    }
                    else
                    {
                        Lock(message, consumer);
                        (sends ??= []).Add((consumer, message, false));
                    }
                }
            }
        }

        if (sends is not null)
        {
            foreach (var (consumer, message, settled) in sends)
            {
                consumer.Send(message, settled);
            }
        }
    }

    private void Lock(BrokerMessage message, object owner)
    {
        message.DeliveryCount++;
        message.LockToken = Guid.NewGuid();
        message.LockedBy = owner;
        message.LockedUntilUtc = time.GetUtcNow().UtcDateTime + options.LockDuration;
        locked[message.LockToken] = message;
    }

    /// <summary>A consumer asked to stop (drain) or closed: credit it had is gone.</summary>
    public void OnCredit(EntityConsumer consumer, uint credit, bool drain)
    {
        lock (gate)
        {
            consumer.Credit = credit == uint.MaxValue ? int.MaxValue : (int)Math.Min(int.MaxValue, (long)consumer.Credit + credit);
        }

        Dispatch();
        if (drain)
        {
            lock (gate)
            {
                consumer.Credit = 0;
            }
        }
    }

    /// <summary>Up to <paramref name="count"/> messages from <paramref name="fromSequenceNumber"/> on, locked or not, without locking them.</summary>
    public IReadOnlyList<ArraySegment<byte>> Peek(long fromSequenceNumber, int count)
    {
        lock (gate)
        {
            return messages.Values.Where(m => m.SequenceNumber >= fromSequenceNumber).Take(count).Select(m => m.ToBytes(peeked: true)).ToList();
        }
    }

    /// <summary>Locks deferred messages by sequence number for a receiver that settles them through management.</summary>
    public IReadOnlyList<(Guid LockToken, ArraySegment<byte> Message)> ReceiveDeferred(IEnumerable<long> sequenceNumbers, object owner)
    {
        lock (gate)
        {
            var result = new List<(Guid, ArraySegment<byte>)>();
            foreach (var sequenceNumber in sequenceNumbers)
            {
                if (messages.TryGetValue(sequenceNumber, out var message) && message.Deferred && !message.IsLocked)
                {
                    Lock(message, owner);
                    result.Add((message.LockToken, message.ToBytes(peeked: false)));
                }
            }

            return result;
        }
    }
}
