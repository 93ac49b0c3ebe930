using Pipeline.Ingest;
using Pipeline.Intake;

namespace Pipeline.Tests.Infrastructure;

/// <summary>A sweep's per-upload results, for tests (the sweep itself keeps only counts).</summary>
public static class SweepResults
{
    public static async Task<List<IngestResult>> SweepForResultsAsync(this IntakeSweeper sweeper, TimeSpan minimumAge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sweeper);
        var results = new Collector();
        await sweeper.SweepAsync(minimumAge, results, cancellationToken);
        return results.Items;
    }

    /// <summary>Reports synchronously (the sweep serialises its reports), unlike <see cref="Progress{T}"/>.</summary>
    private sealed class Collector : IProgress<IngestResult>
    {
        public List<IngestResult> Items { get; } = [];

        public void Report(IngestResult value) => Items.Add(value);
    }
}
