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
    /// <summary>One pass; returns how many uploads were handled and how many checks ran.</summary>
    public async Task<(int Ingested, int Checked)> PassAsync(IProgress<IngestResult>? progress = null, CancellationToken cancellationToken = default)
    {
        var ingested = await sweeper.SweepAsync(TimeSpan.Zero, progress, cancellationToken);
        var checkedCount = await receiver.DrainAsync(cancellationToken);
        return (ingested.Count, checkedCount);
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
