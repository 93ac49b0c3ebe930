namespace Pipeline.Integrity;

/// <summary>
/// Fans integrity checks out to workers. The transport is chosen by configuration
/// (<see cref="IntegrityCheckOptions.Transport"/>); the consumer is idempotent, so an at-least-once transport is enough.
/// </summary>
public interface IIntegrityCheckSender
{
    Task EnqueueAsync(IntegrityCheckRequest request, CancellationToken cancellationToken = default);

    /// <summary>Sends many requests; a transport with batches (Service Bus) sends them in as few batches as fit.</summary>
    async Task EnqueueManyAsync(IEnumerable<IntegrityCheckRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        foreach (var request in requests)
        {
            await EnqueueAsync(request, cancellationToken);
        }
    }
}
