using Pipeline.Ingest;

namespace Pipeline.Intake;

/// <summary>What one intake sweep did, counted per outcome (not listed per upload: a sweep's memory must not grow with its backlog).</summary>
public sealed class SweepSummary
{
    private readonly int[] _counts = new int[Enum.GetValues<IngestOutcome>().Max(o => (int)o) + 1];

    /// <summary>Uploads the sweep handled, whatever the outcome (those backing off after failures are not counted).</summary>
    public int Handled => _counts.Sum();

    public int Count(IngestOutcome outcome) => Volatile.Read(ref _counts[(int)outcome]);

    internal void Add(IngestResult result) => Interlocked.Increment(ref _counts[(int)result.Outcome]);
}
