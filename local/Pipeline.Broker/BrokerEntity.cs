namespace Pipeline.Broker;

/// <summary>
/// One queue (or a queue's <c>$DeadLetterQueue</c>): messages in sequence order, peek-locks with expiry, delivery counts
/// with a maximum, deferral, and duplicate detection by message id within a window. Thread-safe; links call it from
/// I/O threads.
/// </summary>
internal sealed class BrokerEntity
{
    public const string DeadLetterSuffix = "/$DeadLetterQueue";
    public const string MaxDeliveryCountExceeded = "MaxDeliveryCountExceeded";

    private readonly object gate = new();
    private readonly BrokerOptions options;
    private readonly TimeProvider time;
    private readonly SortedDictionary<long, BrokerMessage> messages = [];
    private readonly SortedSet<long> available = [];
    private readonly Dictionary<Guid, BrokerMessage> locked = [];
    private readonly Dictionary<string, DateTime> recentMessageIds = new(StringComparer.Ordinal);
    private readonly Queue<(string Id, DateTime At)> recentOrder = new();
    private readonly List<EntityConsumer> consumers = [];
    private long lastSequenceNumber;

    public BrokerEntity(string name, BrokerOptions options, TimeProvider time, bool withDeadLetterQueue)
    {
        Name = name;
        this.options = options;
        this.time = time;
        DeadLetterQueue = withDeadLetterQueue ? new BrokerEntity(name + DeadLetterSuffix, options, time, withDeadLetterQueue: false) : null;
        Management = new ManagementNode(this);
    }

    public ManagementNode Management { get; }

    public string Name { get; }

    public BrokerEntity? DeadLetterQueue { get; }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return messages.Count;
            }
        }
    }

    /// <summary>Adds a message; false when duplicate detection drops it (same message id within the window).</summary>
    public bool Enqueue(byte[] encoded)
    {
        BrokerMessage message;
        lock (gate)
        {
            var now = time.GetUtcNow().UtcDateTime;
            ForgetOldMessageIds(now);
            message = BrokerMessage.Create(encoded, ++lastSequenceNumber, now);
            if (message.MessageId is { } id)
            {
                if (recentMessageIds.ContainsKey(id))
                {
                    lastSequenceNumber--;
                    return false;
                }

                recentMessageIds[id] = now;
                recentOrder.Enqueue((id, now));
            }

            Add(message);
        }

        Dispatch();
        return true;
    }

    private void Add(BrokerMessage message)
    {
        messages.Add(message.SequenceNumber, message);
        available.Add(message.SequenceNumber);
    }

    /// <summary>Takes a copy of <paramref name="message"/> from another entity (dead-lettering), bypassing duplicate detection.</summary>
    private void Adopt(BrokerMessage message, string? deadLetterSource)
    {
        lock (gate)
        {
            Add(message.CopyTo(++lastSequenceNumber, message.EnqueuedTimeUtc, deadLetterSource));
        }

        Dispatch();
    }

    private void ForgetOldMessageIds(DateTime now)
    {
        while (recentOrder.TryPeek(out var oldest) && now - oldest.At >= options.DuplicateDetectionWindow)
        {
            recentOrder.Dequeue();
            if (recentMessageIds.TryGetValue(oldest.Id, out var at) && at == oldest.At)
            {
                recentMessageIds.Remove(oldest.Id);
            }
        }
    }

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

    public SettlementResult Settle(Guid lockToken, Settlement settlement)
    {
        BrokerMessage? deadLettered = null;
        string? reason = null;
        string? description = null;
        lock (gate)
        {
            if (!locked.Remove(lockToken, out var message) || message.LockedUntilUtc < time.GetUtcNow().UtcDateTime)
            {
                return SettlementResult.LockLost;
            }

            message.LockedBy = null;
            if (settlement.Properties is not null)
            {
                foreach (var (key, value) in settlement.Properties)
                {
                    message.ModifiedProperties[key] = value;
                }
            }

            switch (settlement.Kind)
            {
                case SettlementKind.Complete:
                    messages.Remove(message.SequenceNumber);
                    break;
                case SettlementKind.Defer:
                    message.Deferred = true;
                    break;
                case SettlementKind.DeadLetter:
                    deadLettered = message;
                    reason = settlement.DeadLetterReason;
                    description = settlement.DeadLetterDescription;
                    break;
                default:
                    deadLettered = Release(message, out reason, out description);
                    break;
            }

            if (deadLettered is not null)
            {
                messages.Remove(deadLettered.SequenceNumber);
            }
        }

        if (deadLettered is not null)
        {
            MoveToDeadLetterQueue(deadLettered, reason, description);
        }

        Dispatch();
        return SettlementResult.Settled;
    }

    /// <summary>Makes a locked message available again, or returns it for dead-lettering when it has used its deliveries.</summary>
    private BrokerMessage? Release(BrokerMessage message, out string? reason, out string? description)
    {
        message.LockedBy = null;
        if (DeadLetterQueue is not null && message.DeliveryCount >= options.MaxDeliveryCount)
        {
            reason = MaxDeliveryCountExceeded;
            description = $"Message could not be consumed after {message.DeliveryCount} delivery attempts.";
            return message;
        }

        reason = description = null;
        if (!message.Deferred)
        {
            available.Add(message.SequenceNumber);
        }

        return null;
    }

    private void MoveToDeadLetterQueue(BrokerMessage message, string? reason, string? description)
    {
        if (DeadLetterQueue is null)
        {
            // A dead-letter queue's own messages are not dead-lettered again.
            lock (gate)
            {
                Add(message);
            }

            return;
        }

        if (reason is not null)
        {
            message.ModifiedProperties[Settlement.DeadLetterReasonProperty] = reason;
        }

        if (description is not null)
        {
            message.ModifiedProperties[Settlement.DeadLetterDescriptionProperty] = description;
        }

        message.Deferred = false;
        DeadLetterQueue.Adopt(message, Name);
    }

    /// <summary>Extends a lock; null when the lock is gone (expired, settled or never existed).</summary>
    public DateTime? RenewLock(Guid lockToken)
    {
        lock (gate)
        {
            var now = time.GetUtcNow().UtcDateTime;
            if (!locked.TryGetValue(lockToken, out var message) || message.LockedUntilUtc < now)
            {
                return null;
            }

            message.LockedUntilUtc = now + options.LockDuration;
            return message.LockedUntilUtc;
        }
    }

    /// <summary>Releases every lock that has expired; a message out of deliveries moves to the dead-letter queue.</summary>
    public void ExpireLocks()
    {
        List<(BrokerMessage Message, string? Reason, string? Description)>? deadLettered = null;
        var released = false;
        lock (gate)
        {
            var now = time.GetUtcNow().UtcDateTime;
            List<Guid>? expired = null;
            foreach (var (token, message) in locked)
            {
                if (message.LockedUntilUtc < now)
                {
                    (expired ??= []).Add(token);
                }
            }

            if (expired is null)
            {
                return;
            }

            foreach (var token in expired)
            {
                locked.Remove(token, out var message);
                if (Release(message!, out var reason, out var description) is { } dead)
                {
                    messages.Remove(dead.SequenceNumber);
                    (deadLettered ??= []).Add((dead, reason, description));
                }
                else
                {
                    released = true;
                }
            }
        }

        if (deadLettered is not null)
        {
            foreach (var (message, reason, description) in deadLettered)
            {
                MoveToDeadLetterQueue(message, reason, description);
            }
        }

        if (released)
        {
            Dispatch();
        }

        DeadLetterQueue?.ExpireLocks();
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
