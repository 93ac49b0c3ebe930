using Pipeline.Reconciliation;

namespace Pipeline.Portal;

/// <summary>What the operations page shows, gathered once per request.</summary>
public sealed class OperationsView
{
    public DateTimeOffset GeneratedAt { get; init; }

    /// <summary>Completed runs, oldest first; the last is the latest.</summary>
    public IReadOnlyList<RunSummary> Runs { get; init; } = [];

    public RunSummary? Latest => Runs.Count > 0 ? Runs[^1] : null;

    /// <summary>The latest run's findings shown (the first <see cref="OperationsHandler.MaxFindingsShown"/>), each with its impact window.</summary>
    public IReadOnlyList<Finding> Findings { get; init; } = [];

    /// <summary>Every finding of the latest run, counted per case (most first).</summary>
    public IReadOnlyList<CaseSummary> Cases { get; init; } = [];

    /// <summary>Messages set aside as unprocessable, per queue (a queue that does not exist is left out).</summary>
    public IReadOnlyDictionary<string, int> DeadLetters { get; init; } = new Dictionary<string, int>();

    /// <summary>One finding and the window in which its case file may have been incomplete or altered.</summary>
    /// <param name="Anomaly">What reconciliation found.</param>
    /// <param name="FoundAt">When the run that found it started.</param>
    /// <param name="LastKnownGood">When an integrity check last found the document's bytes intact, or null if never.</param>
    public sealed record Finding(Anomaly Anomaly, DateTimeOffset FoundAt, DateTimeOffset? LastKnownGood);
}
