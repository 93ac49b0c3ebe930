namespace Pipeline.Reconciliation;

/// <summary>
/// Reads the previous run's anchors forward only, chunk by chunk, in the same case order this run visits cases,
/// so the comparison is a merge with memory bounded by one chunk. A chunk that is missing, altered or malformed is
/// skipped here; <see cref="CheckAsync"/> reports it once per run.
/// </summary>
internal sealed class AnchorReader(AnchorStore store, AnchorManifest? manifest)
{
    private readonly Queue<CaseAnchor> _buffer = new();
    private int _nextChunk;

    /// <summary>The reader of <paramref name="runId"/>'s anchors (none when it is null or its manifest is unusable).</summary>
    public static async Task<AnchorReader> OpenAsync(AnchorStore store, string? runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var manifest = runId is null ? null : (await store.ReadManifestAsync(runId, cancellationToken)).Value;
        return new AnchorReader(store, manifest);
    }

    /// <summary>
    /// Reads every anchor of <paramref name="runId"/> once and hands each problem (blob name, what is wrong) to
    /// <paramref name="problem"/>: the anchors a run checks against must all be there, unaltered and well-formed.
    /// </summary>
    /// <returns>The run's manifest, or null when it is unusable.</returns>
    public static async Task<AnchorManifest?> CheckAsync(AnchorStore store, string runId, Action<string, string> problem, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(problem);
        var manifest = await store.ReadManifestAsync(runId, cancellationToken);
        if (manifest.Value is null)
        {
            problem(AnchorStore.ManifestBlob(runId), manifest.Problem!);
            return null;
        }

        foreach (var chunk in manifest.Value.Chunks)
        {
            if ((await store.ReadChunkAsync(chunk, cancellationToken)).Problem is { } chunkProblem)
            {
                problem(chunk.Name, chunkProblem);
            }
        }

        return manifest.Value;
    }

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

    /// <summary>Hands every anchor not yet reached, up to and including <paramref name="through"/> (null: all), to <paramref name="vanished"/>.</summary>
    public async Task DrainThroughAsync(string? through, Action<CaseAnchor> vanished, CancellationToken cancellationToken)
    {
        while (await PeekAsync(cancellationToken) is { } next && (through is null || string.CompareOrdinal(next.CaseId, through) <= 0))
        {
            _buffer.Dequeue();
            vanished(next);
        }
    }

    private async Task<CaseAnchor?> PeekAsync(CancellationToken cancellationToken)
    {
        while (_buffer.Count == 0 && manifest is not null && _nextChunk < manifest.Chunks.Count)
        {
            var chunk = await store.ReadChunkAsync(manifest.Chunks[_nextChunk++], cancellationToken);
            foreach (var anchor in chunk.Value ?? [])
            {
                _buffer.Enqueue(anchor);
            }
        }

        return _buffer.Count > 0 ? _buffer.Peek() : null;
    }
}
