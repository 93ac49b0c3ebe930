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
public sealed class LocalRunner(IntakeSweeper sweeper, IIntegrityCheckReceiver receiver)
{
    /// <summary>Uploads handled between two drains of the check queue while the sweep runs: a receive's worth.</summary>
    private const int UploadsPerDrain = 32;

    /// <summary>
    /// One pass; returns how many uploads were handled (ended in evidence or quarantine: failures, repeats and blobs
    /// gone are attempts, not progress, and are backed off by the sweep) and how many checks ran.
    /// </summary>
    public Task<(int Ingested, int Checked)> PassAsync(IProgress<IngestResult>? progress = null, CancellationToken cancellationToken = default) =>
        PassAsync(progress, handledBefore: null, cancellationToken);

    /// <summary>
    /// Passes until one makes no progress. An upload handled again by a later pass of the same call is not progress
    /// either, so no blob can keep this loop going.
    /// </summary>
    public async Task<(int Ingested, int Checked)> UntilIdleAsync(IProgress<IngestResult>? progress = null, CancellationToken cancellationToken = default)
    {
        var handledNames = new HashSet<string>(StringComparer.Ordinal);
        var total = (Ingested: 0, Checked: 0);
        while (true)
        {
            var pass = await PassAsync(progress, handledNames, cancellationToken);
            if (pass is (0, 0))
            {
                return total;
            }

            total = (total.Ingested + pass.Ingested, total.Checked + pass.Checked);
        }
    }

    private async Task<(int Ingested, int Checked)> PassAsync(
        IProgress<IngestResult>? progress, HashSet<string>? handledBefore, CancellationToken cancellationToken)
    {
        // The queue is drained as the sweep handles uploads, not on a clock: no empty receives while ingests are slow.
        var progressed = new SemaphoreSlim(0);
        var relay = new Relay(progress, handledBefore, () => progressed.Release());
        var sweep = sweeper.SweepAsync(TimeSpan.Zero, relay, cancellationToken);
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

        await sweep;
        return (relay.Fresh, checkedCount);
    }

    /// <summary>
    /// Passes each result on, counts the uploads handled for the first time in this call, and wakes the runner to drain
    /// the check queue every <see cref="UploadsPerDrain"/> uploads.
    /// </summary>
    private sealed class Relay(IProgress<IngestResult>? inner, HashSet<string>? handledBefore, Action drain) : IProgress<IngestResult>
    {
        private int _seen;
        private int _fresh;

        public int Fresh => Volatile.Read(ref _fresh);

        public void Report(IngestResult value)
        {
            inner?.Report(value);
            if (value.Handled && IsFirstTime(value.IntakeBlob))
            {
                Interlocked.Increment(ref _fresh);
            }

            if (Interlocked.Increment(ref _seen) % UploadsPerDrain == 0)
            {
                drain();
            }
        }

        private bool IsFirstTime(string intakeBlob)
        {
            if (handledBefore is null)
            {
                return true;
            }

            lock (handledBefore)
            {
                return handledBefore.Add(intakeBlob);
            }
        }
    }
}
