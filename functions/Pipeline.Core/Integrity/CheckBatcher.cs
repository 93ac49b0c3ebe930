using Microsoft.Extensions.Options;

namespace Pipeline.Integrity;

/// <summary>
/// Gathers the check requests of concurrent ingests into one <see cref="IIntegrityCheckSender.EnqueueBatchAsync"/>:
/// one send, and later one receive and one delete, for the lot. A batch goes when every ingest in progress
/// (<see cref="Participate"/>) has put its request in, when it is full, or <see cref="IntegrityCheckOptions.BatchLinger"/>
/// after its first request, whichever is first. Each caller's task completes only when its own request is durably
/// sent (or fails with the send), so an ingest still marks its upload only after its check is queued.
/// </summary>
public sealed class CheckBatcher(IIntegrityCheckSender sender, IOptions<IntegrityCheckOptions> options)
{
    private readonly TimeSpan _linger = options.Value.BatchLinger;
    private readonly int _maxBatch = Math.Max(1, options.Value.MaxBatch);
    private readonly Lock _gate = new();
    private Batch? _open;
    private int _participants;

    /// <summary>
    /// Counts the caller as an ingest in progress until disposed: a batch waits for the requests of those still in
    /// progress (up to the linger), not for ingests that are not running.
    /// </summary>
    public IDisposable Participate()
    {
        lock (_gate)
        {
            _participants++;
        }

        return new Participation(this);
    }

    public Task EnqueueAsync(IntegrityCheckRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_linger <= TimeSpan.Zero || _maxBatch == 1)
        {
            return sender.EnqueueAsync(request, cancellationToken);
        }

        Batch batch;
        bool first;
        Batch? ready;
        lock (_gate)
        {
            batch = _open ??= new Batch();
            first = batch.Requests.Count == 0;
            batch.Requests.Add(request);
            ready = TakeIfReady();
        }

        if (ready is not null)
        {
            _ = SendAsync(ready);
        }
        else if (first)
        {
            _ = SendAfterLingerAsync(batch);
        }

        // A cancelled caller stops waiting; its request may still be sent, which a repeated check tolerates.
        return batch.Sent.Task.WaitAsync(cancellationToken);
    }

    private void Leave()
    {
        Batch? ready;
        lock (_gate)
        {
            _participants--;
            ready = TakeIfReady();
        }

        if (ready is not null)
        {
            _ = SendAsync(ready);
        }
    }

    /// <summary>The open batch when nothing more can join it soon (full, or every ingest in progress is in it). Under the lock.</summary>
    private Batch? TakeIfReady()
    {
        if (_open is not { } open || open.Requests.Count == 0 || (open.Requests.Count < _maxBatch && open.Requests.Count < _participants))
        {
            return null;
        }

        _open = null;
        return open;
    }

    private async Task SendAfterLingerAsync(Batch batch)
    {
        await Task.Delay(_linger, CancellationToken.None);
        lock (_gate)
        {
            if (!ReferenceEquals(_open, batch))
            {
                return; // sent when it filled up
            }

            _open = null;
        }

        await SendAsync(batch);
    }

    private async Task SendAsync(Batch batch)
    {
        try
        {
            // Not the callers' token: one caller's cancellation must not fail the others' sends.
            await sender.EnqueueBatchAsync(batch.Requests, CancellationToken.None);
            batch.Sent.TrySetResult();
        }
        catch (Exception ex)
        {
            batch.Sent.TrySetException(ex);
        }
    }

    private sealed class Participation(CheckBatcher batcher) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                batcher.Leave();
            }
        }
    }

    private sealed class Batch
    {
        public List<IntegrityCheckRequest> Requests { get; } = [];

        public TaskCompletionSource Sent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
