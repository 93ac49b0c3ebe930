using Pipeline.Ingest;
using Pipeline.Intake;
using Pipeline.Integrity;

namespace Pipeline.Local;

/// <summary>
/// Plays the Functions host's part on one machine: what the blob trigger would ingest (every unmarked intake blob),
/// and, at the same time, what the queue trigger would check. Both are bounded as the host bounds them
/// (<see cref="IngestOptions.Concurrency"/>, <see cref="IntegrityCheckOptions.Concurrency"/>), the listing and the
/// queue are read only as workers free up, and the queue is the buffer between them, so memory stays flat whatever
/// the backlog.
/// </summary>
public sealed class LocalRunner(IntakeSweeper sweeper, StorageQueueCheckReceiver receiver)
{
    /// <summary>Uploads handled between two drains of the check queue while the sweep runs: a receive's worth.</summary>
    private const int UploadsPerDrain = 32;

    /// <summary>One pass; returns how many uploads were handled and how many checks ran.</summary>
    public async Task<(int Ingested, int Checked)> PassAsync(IProgress<IngestResult>? progress = null, CancellationToken cancellationToken = default)
    {
        // The queue is drained as the sweep handles uploads, not on a clock: no empty receives while ingests are slow.
        var progressed = new SemaphoreSlim(0);
        var handled = 0;
        var sweep = sweeper.SweepAsync(TimeSpan.Zero, new Relay(progress, () =>
        {
            if (Interlocked.Increment(ref handled) % UploadsPerDrain == 0)
            {
                progressed.Release();
            }
        }), cancellationToken);
        var checkedCount = 0;
        Task? moreUploads = null;
        try
        {
            while (true)
            {
                moreUploads ??= progressed.WaitAsync(cancellationToken);
                await Task.WhenAny(sweep, moreUploads);
                if (moreUploads.IsCompleted)
                {
                    moreUploads = null;
                }

                // Read before draining: once the sweep is over, every check it queued is on the queue.
                var sweepOver = sweep.IsCompleted;
                var drained = await receiver.DrainAsync(cancellationToken: cancellationToken);
                checkedCount += drained;
                if (drained == 0 && sweepOver)
                {
                    break;
                }
            }
        }
        finally
        {
            // A failed drain must not leave the sweep running unobserved.
            if (!sweep.IsCompleted)
            {
                await Task.WhenAny(sweep);
            }
        }

        return ((await sweep).Handled, checkedCount);
    }

    /// <summary>Passes each result on, and tells the runner one more upload was handled.</summary>
    private sealed class Relay(IProgress<IngestResult>? inner, Action handled) : IProgress<IngestResult>
    {
        public void Report(IngestResult value)
        {
            inner?.Report(value);
            handled();
        }
    }

    /// <summary>Passes until one finds nothing to do.</summary>
    public async Task<(int Ingested, int Checked)> UntilIdleAsync(IProgress<IngestResult>? progress = null, CancellationToken cancellationToken = default)
    {
        var total = (Ingested: 0, Checked: 0);
        while (true)
        {
            var pass = await PassAsync(progress, cancellationToken);
            if (pass is (0, 0))
            {
                return total;
            }

            total = (total.Ingested + pass.Ingested, total.Checked + pass.Checked);
        }
    }
}
