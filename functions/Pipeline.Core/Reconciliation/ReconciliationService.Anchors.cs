namespace Pipeline.Reconciliation;

/// <summary>
/// The anchors: each run checks chains against the chain heads the last completed run wrote to the anchors container
/// (which the app can add to but never rewrite), reports every anchor that is missing, altered or malformed, and
/// anchors what it verified for the next run.
/// </summary>
public sealed partial class ReconciliationService
{
    /// <summary>The latest run with anchors: from the anchors container, never from a pointer the app could rewrite.</summary>
    private Task<string?> FindPreviousAnchoredRunAsync(CancellationToken cancellationToken) =>
        anchorStore.FindLatestCompletedRunAsync(cancellationToken);

    /// <summary>
    /// Once per run, before the first case: every anchor of the previous run must be readable and unaltered, and the
    /// last run the reports container calls complete must have its manifest (a deleted manifest hides that run).
    /// </summary>
    private async Task CheckPreviousAnchorsAsync(ReconciliationRun run, CancellationToken cancellationToken)
    {
        if (run.State.AnchorsChecked)
        {
            return;
        }

        void Problem(string blob, string detail) =>
            run.Report(AnomalyKinds.ChainBroken, null, null, anchorStore.ContainerName, blob, $"{detail}; chains of the cases it anchored are checked without it");

        if (await ReadCheckpointAsync(runs.GetLastCompleteAsync, [], cancellationToken) is { Anchored: true } last
            && last.RunId != run.State.PreviousRunId
            && !await anchorStore.ManifestExistsAsync(last.RunId, cancellationToken))
        {
            Problem(AnchorStore.ManifestBlob(last.RunId), $"run {last.RunId} completed, but its anchor manifest is missing");
        }

        if (run.State.PreviousRunId is { } previous)
        {
            run.State.PreviousRunKeyed = await AnchorReader.CheckAsync(anchorStore, previous, Problem, cancellationToken) is { ChainKeyId: not null };
        }

        run.State.AnchorsChecked = true;
        await run.CheckpointAsync(cancellationToken);
    }

    /// <summary>Writes the run's manifest once its last anchor chunk is saved; a different manifest already there is a finding.</summary>
    private async Task CompleteAnchorsAsync(ReconciliationRun run, CancellationToken cancellationToken)
    {
        var manifest = new AnchorManifest(run.State.RunId, run.State.PreviousRunId, ledger.KeyId, run.State.AnchorChunks);
        if (!await anchorStore.CompleteAsync(manifest, cancellationToken))
        {
            run.Report(
                AnomalyKinds.ChainBroken,
                null,
                null,
                anchorStore.ContainerName,
                AnchorStore.ManifestBlob(run.State.RunId),
                "an anchor manifest for this run already exists and differs from what the run anchored: written by someone else");
        }
    }

    /// <summary>Records after this sequence must be keyed: when both this deployment and the previous run keyed the chain.</summary>
    private long? RequireKeyedAfter(ReconciliationRun run, CaseAnchor? previous) =>
        ledger.KeyId is not null && run.State.PreviousRunKeyed ? previous?.Sequence ?? 0 : null;
}
