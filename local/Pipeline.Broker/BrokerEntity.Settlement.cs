namespace Pipeline.Broker;

/// <summary>How a delivery ends: settled, released, renewed, expired or dead-lettered.</summary>
internal sealed partial class BrokerEntity
{
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
}
