using Pipeline.Hosting;
using Pipeline.Integrity;
using Pipeline.Storage;

namespace Pipeline.Tests.Infrastructure;

/// <summary>Simulates a crash at the enqueue step: fails the first <c>failures</c> sends, then sends for real.</summary>
public sealed class FailingCheckSender(PipelineStorage storage, int failures) : IIntegrityCheckSender
{
    private readonly StorageQueueCheckSender _inner = new(storage);
    private int _remaining = failures;

    public Task EnqueueAsync(IntegrityCheckRequest request, CancellationToken cancellationToken = default) =>
        Interlocked.Decrement(ref _remaining) >= 0
            ? throw new SimulatedCrashException()
            : _inner.EnqueueAsync(request, cancellationToken);
}
