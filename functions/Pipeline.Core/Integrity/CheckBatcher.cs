using Microsoft.Extensions.Options;

namespace Pipeline.Integrity;

/// <summary>
/// Gathers the check requests that concurrent ingests send within <see cref="IntegrityCheckOptions.BatchLinger"/> of
/// each other into one <see cref="IIntegrityCheckSender.EnqueueBatchAsync"/>: one send, and later one receive and one
/// delete, for the lot. Each caller's task completes only when its own request is durably sent (or fails with the
/// send), so an ingest still marks its upload only after its check is queued.
/// </summary>
public sealed class CheckBatcher(IIntegrityCheckSender sender, IOptions<IntegrityCheckOptions> options)
{
    private readonly TimeSpan _linger = options.Value.BatchLinger;
    private readonly int _maxBatch = Math.Max(1, options.Value.MaxBatch);
    private readonly Lock _gate = new();
    private Batch? _open;

    public Task EnqueueAsync(IntegrityCheckRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_linger <= TimeSpan.Zero || _maxBatch == 1)
        {
            return sender.EnqueueAsync(request, cancellationToken);
        }

        Batch batch;
        bool first, full;
        lock (_gate)
        {
            batch = _open ??= new Batch();
            first = batch.Requests.Count == 0;
            batch.Requests.Add(request);
            full = batch.Requests.Count >= _maxBatch;
            if (full)
            {
                _open = null;
            }
        }

        if (full)
        {
            _ = SendAsync(batch);
        }
        else if (first)
        {
            _ = SendAfterLingerAsync(batch);
        }

        // A cancelled caller stops waiting; its request may still be sent, which a repeated check tolerates.
        return batch.Sent.Task.WaitAsync(cancellationToken);
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

    private sealed class Batch
    {
        public List<IntegrityCheckRequest> Requests { get; } = [];

        public TaskCompletionSource Sent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
