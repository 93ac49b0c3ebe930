namespace Pipeline.Reconciliation;

/// <summary>
/// A run in progress: buffers anomalies and counters, and checkpoints (chunk first, then state) every few units of
/// work. A crash loses at most the work since the last checkpoint, which the resumed run redoes, overwriting the
/// same chunk, so nothing is counted twice.
/// </summary>
internal sealed class ReconciliationRun(ReconciliationState state, ReconciliationRunStore store, ReconciliationOptions options, TimeProvider time)
{
    private const int MaxBufferedAnomalies = 1000;
    private readonly List<Anomaly> _buffer = [];
    private readonly List<CaseAnchor> _anchors = [];
    private int _unitsSinceCheckpoint;
    private long _lastCheckpoint = time.GetTimestamp();

    public ReconciliationState State { get; } = state;

    public long AnomalyCount => State.Counts.Values.Sum();

    public void Report(string kind, string? caseId, string? documentId, string? blob, string detail)
    {
        _buffer.Add(new Anomaly(kind, caseId, documentId, blob, detail));
        State.Counts[kind] = State.Counts.GetValueOrDefault(kind) + 1;
    }

    public void Anchor(CaseAnchor anchor) => _anchors.Add(anchor);

    /// <summary>Marks everything up to and including <paramref name="cursor"/> as done.</summary>
    public async Task CompleteUnitAsync(string cursor, CancellationToken cancellationToken)
    {
        State.Cursor = cursor;
        _unitsSinceCheckpoint++;
        if (_unitsSinceCheckpoint >= options.CheckpointEveryUnits
            || _buffer.Count >= MaxBufferedAnomalies
            || time.GetElapsedTime(_lastCheckpoint) >= options.CheckpointEvery)
        {
            await CheckpointAsync(cancellationToken);
        }
    }

    public async Task EnterPhaseAsync(ReconciliationPhase phase, CancellationToken cancellationToken)
    {
        await CheckpointAsync(cancellationToken);
        State.Phase = phase;
        State.Cursor = null;
        await store.SaveAsync(State, cancellationToken);
    }

    public async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        if (_buffer.Count > 0)
        {
            await store.WriteChunkAsync(State.RunId, State.Chunks, _buffer, cancellationToken);
            State.Chunks++;
            _buffer.Clear();
        }

        if (_anchors.Count > 0)
        {
            await store.WriteAnchorsAsync(State.RunId, State.AnchorChunks, _anchors, cancellationToken);
            State.AnchorChunks++;
            _anchors.Clear();
        }

        await store.SaveAsync(State, cancellationToken);
        _unitsSinceCheckpoint = 0;
        _lastCheckpoint = time.GetTimestamp();
    }
}
