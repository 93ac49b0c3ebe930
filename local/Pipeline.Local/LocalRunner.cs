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
    private static readonly TimeSpan CheckPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>One pass; returns how many uploads were handled and how many checks ran.</summary>
    public async Task<(int Ingested, int Checked)> PassAsync(IProgress<IngestResult>? progress = null, CancellationToken cancellationToken = default)
    {
        var sweep = sweeper.SweepAsync(TimeSpan.Zero, progress, cancellationToken);
        var checkedCount = 0;
        try
        {
            while (true)
            {
                // Read before draining: once the sweep is over, every check it queued is on the queue.
                var sweepOver = sweep.IsCompleted;
                var drained = await receiver.DrainAsync(cancellationToken: cancellationToken);
                checkedCount += drained;
                if (drained == 0)
                {
                    if (sweepOver)
                    {
                        break;
                    }

                    await Task.WhenAny(sweep, Task.Delay(CheckPoll, cancellationToken));
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
