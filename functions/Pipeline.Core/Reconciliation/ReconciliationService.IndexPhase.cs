using Azure.Data.Tables;
using Pipeline.Index;
using Pipeline.Storage;

namespace Pipeline.Reconciliation;

public sealed partial class ReconciliationService
{
    private async Task ReconcileIndexAsync(ReconciliationRun run, IProgress<ReconciliationProgress>? progress, CancellationToken cancellationToken)
    {
        await CheckPreviousAnchorsAsync(run, cancellationToken);
        await ReconcileCasesAsync(run, run.State.Cursor, through: null, progress, cancellationToken);
    }

    /// <summary>
    /// The cases after <paramref name="after"/> up to and including <paramref name="through"/> (null: the first, the
    /// last) in table order, merged with the previous run's anchors of the same range: the whole table for a
    /// single-process run, one shard for a shard worker.
    /// </summary>
    private async Task ReconcileCasesAsync(
        ReconciliationRun run, string? after, string? through, IProgress<ReconciliationProgress>? progress, CancellationToken cancellationToken)
    {
        var cursor = after;
        var anchors = await AnchorReader.OpenAsync(anchorStore, run.State.PreviousRunId, cancellationToken);
        if (cursor is not null)
        {
            await anchors.SkipThroughAsync(cursor, cancellationToken);
        }

        void Vanished(CaseAnchor anchor)
        {
            run.Report(
                AnomalyKinds.ChainBroken,
                anchor.CaseId,
                null,
                null,
                null,
                $"a completed run saw {anchor.Sequence} audit records in this case (last anchored by run {run.State.PreviousRunId}); now it has no rows at all");

            // Carried forward: a deleted case stays reported every night until it is restored, not just once.
            run.Anchor(anchor);
        }

        // The next cases' blob listings (and, for --rehash, their blobs' hashes) are taken while one is compared, from
        // the range's flat listings (see ReconcileCaseAsync).
        using var rehashSlots = run.State.Rehash ? new SemaphoreSlim(Math.Max(1, _options.RehashConcurrency)) : null;
        // Only a range open above is cut into windows (a single-process run, a sharded run's last shard): a shard's bounds
        // are the coordinator's choice already, and each folder listing costs Azurite a sort of the container's rest.
        var windows = through is null && _options.CasesPerTableWindow > 0
            ? CaseWindows.EndsAsync(storage.Evidence, cursor, through, _options.CasesPerTableWindow, cancellationToken)
            : null;
        await using var reader = new CaseSnapshotReader(index, cursor, through, _options.CaseSnapshotMaxRows, windows);
        await using var rangeListings = OpenRangeListings(cursor, through);
        var cases = reader.ReadAllAsync(cancellationToken).StartAheadAsync(
            (snapshot, token) => ListCaseAheadAsync(rangeListings, snapshot.CaseId, rehashSlots, token), _options.CasesAhead, cancellationToken);
        await foreach (var (snapshot, ahead) in cases)
        {
            var caseId = snapshot.CaseId;
            var previous = await anchors.AdvanceToAsync(caseId, Vanished, cancellationToken);
            if (caseId == DocumentRowKeys.UnroutablePartition)
            {
                await ReconcileUnroutableAsync(run, cancellationToken);
            }
            else
            {
                var (listings, digests) = await ahead;
                await ReconcileCaseAsync(run, snapshot, listings, previous, (digests, rehashSlots), cancellationToken);
                run.State.CasesChecked++;
            }

            await run.CompleteUnitAsync(caseId, cancellationToken);
            Report(progress, run);
            cursor = caseId;
        }

        await anchors.DrainThroughAsync(through, Vanished, cancellationToken);
    }

    private async Task ReconcileCaseAsync(
        ReconciliationRun run,
        CaseSnapshot snapshot,
        CaseListings? listings,
        CaseAnchor? previous,
        (IReadOnlyDictionary<string, string>? Ahead, SemaphoreSlim? Slots) rehash,
        CancellationToken cancellationToken)
    {
        var caseId = snapshot.CaseId;
        var (caseRows, chain, readAgain) = await ReadCaseAsync(run, snapshot, previous, cancellationToken);
        if (readAgain || listings is null || (!listings.AfterRows && !ListingsAgree(caseRows, chain, listings)))
        {
            // Findings come only from a listing read after the rows it is compared with.
            Log.CaseListedAgain(logger, caseId, readAgain ? "its rows were read again" : listings is null ? "the flat listing cannot vouch for it" : "its rows and listing disagree");
            listings = await ListCaseAsync(caseId, cancellationToken);
        }

        var markers = caseRows.Markers;
        var evidenceBlobs = listings.Evidence;
        run.State.BlobsScanned += evidenceBlobs.Count;
        var quarantined = listings.Quarantine;
        var rehashed = rehash.Slots is { } slots ? await RehashCaseAsync(caseRows, chain, listings, rehash.Ahead, slots, cancellationToken) : null;
        var quarantineClaimed = new HashSet<string>(StringComparer.Ordinal);

        var rows = new HashSet<string>(StringComparer.Ordinal);
        foreach (var document in caseRows.Documents)
        {
            rows.Add(document.DocumentId);
            run.State.DocumentsChecked++;
            if (caseRows.Malformed.Contains(document.DocumentId))
            {
                // Reported; what could be read of it still claims its blobs, so they are not reported again.
                evidenceBlobs.Remove(document.EvidenceBlob ?? "");
                quarantineClaimed.Add(document.QuarantineBlob ?? "");
                continue;
            }

            if (!chain.Audited.Contains(document.DocumentId))
            {
                run.Report(AnomalyKinds.ChainBroken, caseId, document.DocumentId, storage.Evidence.Name, document.EvidenceBlob, "the document has a row but no audit record of its arrival");
            }

            // The row is a cache of its chain: every field that differs is named.
            var expected = chain.Fold.Expected(document.DocumentId);
            if (expected?.Differences(document) is { Count: > 0 } differences)
            {
                run.Report(
                    AnomalyKinds.IndexAltered, caseId, document.DocumentId, null, null,
                    $"the row differs from audit record {chain.Fold.DefinedBy(document.DocumentId)}: {string.Join("; ", differences)}");
            }

            if ((expected?.State ?? document.State) == DocumentStates.Rejected)
            {
                quarantineClaimed.Add(document.QuarantineBlob ?? "");
                if (document.QuarantineBlob is not null && !quarantined.ContainsKey(document.QuarantineBlob))
                {
                    run.Report(AnomalyKinds.Missing, caseId, document.DocumentId, storage.Quarantine.Name, document.QuarantineBlob, "the rejected upload's quarantine blob does not exist");
                }

                continue;
            }

            // Disposed by the chain's word, not the row's: a row merely edited to Disposed is still checked (and index-altered).
            if ((expected?.State ?? document.State) == DocumentStates.Disposed)
            {
                ReconcileDisposed(run, document, expected, evidenceBlobs);
                continue;
            }

            await ReconcileDocumentAsync(run, document, expected, evidenceBlobs, rehashed, cancellationToken);
        }

        foreach (var documentId in chain.Audited.Where(id => !rows.Contains(id)).Order(StringComparer.Ordinal))
        {
            // A document indexed after the rows were read has its audit record up to the head: confirm before reporting.
            if (await index.GetAsync(caseId, documentId, cancellationToken) is null)
            {
                run.Report(AnomalyKinds.Missing, caseId, documentId, null, null, "the audit chain records this document's arrival but its row is gone");
            }
        }

        var claimedByMarkers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var marker in markers)
        {
            quarantineClaimed.Add(marker.QuarantineBlob);
            if (marker.QuarantineBlob.Length > 0 && !quarantined.ContainsKey(marker.QuarantineBlob))
            {
                run.Report(AnomalyKinds.Missing, caseId, marker.DocumentId, storage.Quarantine.Name, marker.QuarantineBlob, $"the quarantine blob of a {marker.Outcome} upload does not exist");
            }

            // Two records may name the same left-behind blob (its upload was replaced and recorded again).
            if (marker.EvidenceBlob is not null && !evidenceBlobs.Remove(marker.EvidenceBlob) && !claimedByMarkers.Contains(marker.EvidenceBlob))
            {
                run.Report(AnomalyKinds.Missing, caseId, marker.DocumentId, storage.Evidence.Name, marker.EvidenceBlob, $"the evidence blob written by a {marker.Outcome} upload does not exist");
            }

            if (marker.EvidenceBlob is not null)
            {
                claimedByMarkers.Add(marker.EvidenceBlob);
            }
        }

        await ReconcileIntentsAsync(run, caseId, caseRows.Intents, rows, markers, cancellationToken);

        foreach (var (name, landed) in quarantined.Where(q => !quarantineClaimed.Contains(q.Key)).OrderBy(q => q.Key, StringComparer.Ordinal))
        {
            // Written before its row or upload record: only an old one with neither is unaccounted for.
            if (time.GetUtcNow() - landed >= _options.StuckAfter)
            {
                run.Report(AnomalyKinds.Untracked, caseId, DocumentIdOf(name), storage.Quarantine.Name, name, "a quarantined upload that no row or upload record points to");
            }
        }

        foreach (var untracked in evidenceBlobs.Values.OrderBy(b => b.Name, StringComparer.Ordinal))
        {
            if (await IsUntrackedAsync(caseId, untracked, cancellationToken))
            {
                run.Report(AnomalyKinds.Untracked, caseId, DocumentIdOf(untracked.Name), storage.Evidence.Name, untracked.Name, "an evidence blob that no document row points to");
            }
        }
    }

    private async Task ReconcileUnroutableAsync(ReconciliationRun run, CancellationToken cancellationToken)
    {
        var quarantined = await ListQuarantineAsync(DocumentRowKeys.UnroutablePartition + "/", cancellationToken);
        // Rejection rows only: other row kinds in this partition (failed-attempt records) start with '~'.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {DocumentRowKeys.UnroutablePartition} and RowKey lt {DocumentRowKeys.MetaPrefix}");
        await foreach (var entity in storage.Documents.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            run.State.DocumentsChecked++;
            var read = TableRowReader.Read<DocumentRecord>(entity);
            var record = read.Row;
            if (!read.IsWellFormed)
            {
                ReportMalformed(run, null, null, read.Describe("unroutable upload"));
            }

            if (record.QuarantineBlob is not null && !quarantined.ContainsKey(record.QuarantineBlob))
            {
                run.Report(AnomalyKinds.Missing, null, null, storage.Quarantine.Name, record.QuarantineBlob, $"the quarantine blob of unroutable upload {record.IntakeBlob} does not exist");
            }
        }
    }
}
