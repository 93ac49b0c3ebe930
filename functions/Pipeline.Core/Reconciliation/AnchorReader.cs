namespace Pipeline.Reconciliation;

/// <summary>
/// Reads the previous run's anchors forward only, chunk by chunk, in the same case order this run visits cases,
/// so the comparison is a merge with memory bounded by one chunk.
/// </summary>
internal sealed class AnchorReader(ReconciliationRunStore store, string? runId, int chunks)
{
    private readonly Queue<CaseAnchor> _buffer = new();
    private int _nextChunk;

    /// <summary>
    /// Returns the anchor of <paramref name="caseId"/> (or null), handing every earlier anchor, whose case no longer
    /// exists, to <paramref name="vanished"/>.
    /// </summary>
    public async Task<CaseAnchor?> AdvanceToAsync(string caseId, Action<CaseAnchor> vanished, CancellationToken cancellationToken)
    {
        while (await PeekAsync(cancellationToken) is { } next && string.CompareOrdinal(next.CaseId, caseId) <= 0)
        {
            _buffer.Dequeue();
            if (string.Equals(next.CaseId, caseId, StringComparison.Ordinal))
            {
                return next;
            }

            vanished(next);
        }

        return null;
    }

    /// <summary>Skips anchors up to and including <paramref name="caseId"/> without judging them (already judged before a resume).</summary>
    public async Task SkipThroughAsync(string caseId, CancellationToken cancellationToken)
    {
        while (await PeekAsync(cancellationToken) is { } next && string.CompareOrdinal(next.CaseId, caseId) <= 0)
        {
            _buffer.Dequeue();
        }
    }

    /// <summary>Hands every anchor not yet reached to <paramref name="vanished"/>.</summary>
    public async Task DrainAsync(Action<CaseAnchor> vanished, CancellationToken cancellationToken)
    {
        while (await PeekAsync(cancellationToken) is { } next)
        {
            _buffer.Dequeue();
            vanished(next);
        }
    }

    private async Task<CaseAnchor?> PeekAsync(CancellationToken cancellationToken)
    {
        while (_buffer.Count == 0 && runId is not null && _nextChunk < chunks)
        {
            foreach (var anchor in await store.ReadAnchorsAsync(runId, _nextChunk++, cancellationToken))
            {
                _buffer.Enqueue(anchor);
            }
        }

        return _buffer.Count > 0 ? _buffer.Peek() : null;
    }
}
