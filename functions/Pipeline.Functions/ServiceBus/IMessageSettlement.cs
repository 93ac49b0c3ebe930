namespace Pipeline.Functions.ServiceBus;

/// <summary>
/// Settles a Service Bus message that the Functions host delivered to this worker, by the lock token the trigger's binding
/// data carries. Every method returns whether the settlement took effect; a failure (the host refused, could not be reached,
/// or timed out) is logged and never thrown, so the message keeps its lock until it expires and Service Bus delivers it
/// again (the handler is idempotent, so the redelivery changes nothing).
/// </summary>
public interface IMessageSettlement
{
    /// <summary>Removes the message: its work is done.</summary>
    Task<bool> CompleteAsync(string lockToken, CancellationToken cancellationToken = default);

    /// <summary>Releases the lock now, for a transient failure: delivered again with its delivery count one higher.</summary>
    /// <param name="propertiesToModify">Application properties to set on the message before it is delivered again.</param>
    Task<bool> AbandonAsync(string lockToken, IReadOnlyDictionary<string, string>? propertiesToModify = null, CancellationToken cancellationToken = default);

    /// <summary>Moves the message to the dead-letter sub-queue, for a permanent failure, with the reason an operator reads.</summary>
    /// <param name="reason">Becomes the message's <c>DeadLetterReason</c>.</param>
    /// <param name="description">Becomes the message's <c>DeadLetterErrorDescription</c>.</param>
    Task<bool> DeadLetterAsync(string lockToken, string reason, string description, IReadOnlyDictionary<string, string>? propertiesToModify = null, CancellationToken cancellationToken = default);

    /// <summary>Sets the message aside; only a receive by its sequence number brings it back.</summary>
    Task<bool> DeferAsync(string lockToken, IReadOnlyDictionary<string, string>? propertiesToModify = null, CancellationToken cancellationToken = default);

    /// <summary>Extends the message's lock by the queue's lock duration.</summary>
    Task<bool> RenewLockAsync(string lockToken, CancellationToken cancellationToken = default);
}
