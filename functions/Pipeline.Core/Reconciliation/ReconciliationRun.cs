namespace Pipeline.Reconciliation;

/// <summary>
/// A run in progress: buffers anomalies and counters, and checkpoints (lease confirmed, chunk, then state) every few
/// units of work. A crash loses at most the work since the last checkpoint, which the resumed run redoes, overwriting
/// the same chunk, so nothing is counted twice. Actions taken on anomalies (queued checks) run only after
/// the checkpoint that records them, so a crash can never act on an anomaly and then lose its report.
/// </summary>
internal sealed class ReconciliationRun(
    ReconciliationState state, IRunCheckpoints checkpoints, AnchorStore anchorStore, ReconciliationOptions options, TimeProvider time)
{
    private const int MaxBufferedAnomalies = 1000;
    private readonly List<Anomaly> _buffer = [];
    private readonly List<Anomaly> _maintenance = [];
    private readonly List<CaseAnchor> _anchors = [];
    private readonly List<Func<CancellationToken, Task>> _deferred = [];
    private int _unitsSinceCheckpoint;
    private long _lastCheckpoint = time.GetTimestamp();

    public ReconciliationState State { get; } = state;

    public long AnomalyCount => State.Counts.Values.Sum();

    /// <summary>Records a finding, or routine maintenance (see <see cref="AnomalyKinds.IsMaintenance"/>) in its own section.</summary>
    public void Report(string kind, string? caseId, string? documentId, string? container, string? blob, string detail)
    {
        var anomaly = new Anomaly(kind, caseId, documentId, blob, detail, container);
        if (AnomalyKinds.IsMaintenance(kind))
        {
            _maintenance.Add(anomaly);
            State.Maintenance[kind] = State.Maintenance.GetValueOrDefault(kind) + 1;
            return;
        }

        _buffer.Add(anomaly);
        State.Counts[kind] = State.Counts.GetValueOrDefault(kind) + 1;
    }

    public void Anchor(CaseAnchor anchor) => _anchors.Add(anchor);

    /// <summary>Runs <paramref name="action"/> once the anomalies reported so far are saved.</summary>
    public void Defer(Func<CancellationToken, Task> action) => _deferred.Add(action);

    /// <summary>Marks everything up to and including <paramref name="cursor"/> as done.</summary>
    public async Task CompleteUnitAsync(string cursor, CancellationToken cancellationToken)
    {
        State.Cursor = cursor;
        _unitsSinceCheckpoint++;
        if (_unitsSinceCheckpoint >= options.CheckpointEveryUnits
            || _buffer.Count + _maintenance.Count >= MaxBufferedAnomalies
            || time.GetElapsedTime(_lastCheckpoint) >= options.CheckpointEvery)
        {
            await CheckpointAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Flushes the phase's last anomalies and enters <paramref name="phase"/> in one state write: a crash can then not
    /// leave a saved state whose anomalies are flushed but whose phase is not over, which a resume would redo and
    /// count twice (e.g. the vanished cases reported after the last case).
    /// </summary>
    public Task EnterPhaseAsync(ReconciliationPhase phase, CancellationToken cancellationToken) =>
        CheckpointAsync(
            () =>
            {
                State.Phase = phase;
                State.Cursor = null;
            },
            cancellationToken);

    public Task CheckpointAsync(CancellationToken cancellationToken) => CheckpointAsync(null, cancellationToken);

    private async Task CheckpointAsync(Action? beforeSave, CancellationToken cancellationToken)
    {
        await checkpoints.ConfirmHeldAsync(cancellationToken);
        if (_buffer.Count > 0)
        {
            await checkpoints.WriteChunkAsync(State.RunId, State.Chunks, _buffer, cancellationToken);
            State.Chunks++;
            _buffer.Clear();
        }

        if (_maintenance.Count > 0)
        {
            await checkpoints.WriteMaintenanceChunkAsync(State.RunId, State.MaintenanceChunks, _maintenance, cancellationToken);
            State.MaintenanceChunks++;
            _maintenance.Clear();
        }

        if (_anchors.Count > 0)
        {
            State.AnchorChunks.Add(await anchorStore.WriteChunkAsync(State.RunId, State.AnchorChunks.Count, _anchors, cancellationToken));
            _anchors.Clear();
        }

        beforeSave?.Invoke();
        await checkpoints.SaveAsync(State, cancellationToken);
        _unitsSinceCheckpoint = 0;
        _lastCheckpoint = time.GetTimestamp();

        // Their counters (checks enqueued) are saved with the next checkpoint or the final state.
        var actions = _deferred.ToArray();
        _deferred.Clear();
        foreach (var action in actions)
        {
            await action(cancellationToken);
        }
    }
}
