namespace Pipeline.Integrity;

/// <summary>
/// Fans integrity checks out to workers. The transport is chosen by configuration
/// (<see cref="IntegrityCheckOptions.Transport"/>); the consumer is idempotent, so an at-least-once transport is enough.
/// </summary>
public interface IIntegrityCheckSender
{
    Task EnqueueAsync(IntegrityCheckRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends several requests with as few requests to the transport as it allows (a storage queue: one message; Service
    /// Bus: one batch). Without an override, one send each.
    /// </summary>
    async Task EnqueueBatchAsync(IReadOnlyList<IntegrityCheckRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        foreach (var request in requests)
        {
            await EnqueueAsync(request, cancellationToken);
        }
    }
}
