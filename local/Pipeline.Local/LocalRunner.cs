using Pipeline.Ingest;
using Pipeline.Intake;
using Pipeline.Integrity;

namespace Pipeline.Local;

/// <summary>
/// Plays the Functions host's part on one machine: what the blob trigger would ingest (every unmarked intake blob),
/// then what the queue trigger would check.
/// </summary>
public sealed class LocalRunner(IntakeSweeper sweeper, IIntegrityCheckReceiver receiver)
{
    /// <summary>
    /// One pass; returns how many uploads were handled (ended in evidence or quarantine: failures, repeats and blobs
    /// gone are attempts, not progress, and are backed off by the sweep) and how many checks ran.
    /// </summary>
    public async Task<(int Ingested, int Checked)> PassAsync(IProgress<IngestResult>? progress = null, CancellationToken cancellationToken = default)
    {
        var (handled, checkedCount) = await SweepAndCheckAsync(progress, cancellationToken);
        return (handled.Count, checkedCount);
    }

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
            var (handled, checkedCount) = await SweepAndCheckAsync(progress, cancellationToken);
            var fresh = handled.Count(handledNames.Add);
            if (fresh == 0 && checkedCount == 0)
            {
                return total;
            }

            total = (total.Ingested + fresh, total.Checked + checkedCount);
        }
    }

    private async Task<(List<string> Handled, int Checked)> SweepAndCheckAsync(IProgress<IngestResult>? progress, CancellationToken cancellationToken)
    {
        var results = await sweeper.SweepAsync(TimeSpan.Zero, progress, cancellationToken);
        var checkedCount = await receiver.DrainAsync(cancellationToken);
        return (results.Where(r => r.Handled).Select(r => r.IntakeBlob).ToList(), checkedCount);
    }
}
