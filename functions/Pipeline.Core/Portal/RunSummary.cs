namespace Pipeline.Portal;

/// <summary>A completed reconciliation run as the operations page lists it: when, and what it found per kind.</summary>
public sealed record RunSummary(string RunId, DateTimeOffset StartedAt, DateTimeOffset CompletedAt, IReadOnlyDictionary<string, long> Counts)
{
    public long Total => Counts.Values.Sum();
}
