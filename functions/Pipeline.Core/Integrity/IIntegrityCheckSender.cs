namespace Pipeline.Integrity;

/// <summary>
/// Fans integrity checks out to workers. The transport is chosen by configuration
/// (<see cref="IntegrityCheckOptions.Transport"/>); the consumer is idempotent, so an at-least-once transport is enough.
/// </summary>
public interface IIntegrityCheckSender
{
    Task EnqueueAsync(IntegrityCheckRequest request, CancellationToken cancellationToken = default);
}
