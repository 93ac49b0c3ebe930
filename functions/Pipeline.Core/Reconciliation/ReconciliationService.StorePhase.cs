using Azure.Storage.Blobs.Models;
using Pipeline.Faults;
using Pipeline.Storage;

namespace Pipeline.Reconciliation;

public sealed partial class ReconciliationService
{
    private async Task ReconcileStoreAsync(ReconciliationRun run, IProgress<ReconciliationProgress>? progress, CancellationToken cancellationToken)
    {
        var cursor = run.State.Cursor;
        static string KeyOf(BlobHierarchyItem item) => item.IsPrefix ? item.Prefix : item.Blob.Name;

        // Which cases have a head comes from one keys-only query walked in step with the folders (resumed where a folder
        // after the cursor can first be); only a folder whose case it lacks is asked about afresh, a few folders ahead.
        await using var heads = new CaseHeadWalk(
            index.QueryCaseHeadsAsync(cursor is null ? null : CaseFolders.FirstCaseListedAfter(cursor), cancellationToken),
            token => faults.AtAsync(FaultSteps.ReconcileHeadsRead, storage.Documents.Name, token));
        var items = storage.Evidence.GetBlobsByHierarchyAsync(new GetBlobsByHierarchyOptions { Delimiter = "/" }, cancellationToken)
            .Where(item => cursor is null || ListingOrder.Compare(KeyOf(item), cursor) > 0)
            .Select(async (BlobHierarchyItem item, CancellationToken token) => (Item: item, Headed: item.IsPrefix && await heads.HasHeadAsync(item.Prefix.TrimEnd('/'), token)))
            .StartAheadAsync(
                (entry, token) => entry.Item.IsPrefix && !entry.Headed ? CaseExistsAsync(entry.Item.Prefix.TrimEnd('/'), token) : Task.FromResult(true),
                _options.CasesAhead,
                cancellationToken);
        await foreach (var ((item, _), known) in items)
        {
            var key = KeyOf(item);
            if (!item.IsPrefix)
            {
                run.State.BlobsScanned++;
                if (await IsUntrackedAsync(null, item.Blob, cancellationToken))
                {
                    run.Report(AnomalyKinds.Untracked, null, null, storage.Evidence.Name, key, "an evidence blob outside any case folder");
                }
            }
            else if (!await known)
            {
                var caseId = key.TrimEnd('/');
                await foreach (var blob in storage.Evidence.GetBlobsAsync(new GetBlobsOptions { Prefix = key }, cancellationToken))
                {
                    run.State.BlobsScanned++;
                    if (await IsUntrackedAsync(caseId, blob, cancellationToken))
                    {
                        run.Report(AnomalyKinds.Untracked, caseId, DocumentIdOf(blob.Name), storage.Evidence.Name, blob.Name, "an evidence blob of a case the index does not know");
                    }
                }
            }

            await run.CompleteUnitAsync(key, cancellationToken);
            Report(progress, run);
        }
    }

    /// <summary>
    /// Whether the index has any row of the case, asked afresh: nearly every case has a chain head, which one point read
    /// finds; only a case without one needs the partition query.
    /// </summary>
    private async Task<bool> CaseExistsAsync(string caseId, CancellationToken cancellationToken) =>
        await ledger.ReadHeadAsync(caseId, cancellationToken) is not null || await index.CaseExistsAsync(caseId, cancellationToken);

    /// <summary>
    /// An evidence blob with no row is untracked only once it is older than the stuck threshold (its ingest may still
    /// be committing) and a fresh read of its document's row confirms that nothing points to it.
    /// </summary>
    private async Task<bool> IsUntrackedAsync(string? caseId, BlobItem blob, CancellationToken cancellationToken)
    {
        var created = blob.Properties.CreatedOn ?? blob.Properties.LastModified;
        if (created is { } landed && time.GetUtcNow() - landed < _options.StuckAfter)
        {
            return false;
        }

        var documentId = DocumentIdOf(blob.Name);
        if (caseId is null || documentId is null)
        {
            return true;
        }

        var row = await index.GetAsync(caseId, documentId, cancellationToken);
        return row is null || !string.Equals(row.EvidenceBlob, blob.Name, StringComparison.Ordinal);
    }
}
