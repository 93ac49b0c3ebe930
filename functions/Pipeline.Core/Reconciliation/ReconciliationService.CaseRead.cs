using Azure.Storage.Blobs.Models;

namespace Pipeline.Reconciliation;

public sealed partial class ReconciliationService
{
    /// <summary>
    /// The case's rows and its verified chain: from the range scan's snapshot when it is consistent in itself, which is
    /// every case nobody wrote to during the scan; otherwise read again in the order that needs no such check.
    /// </summary>
    private async Task<(CaseRows Rows, CaseChain Chain, bool ReadAgain)> ReadCaseAsync(
        ReconciliationRun run, CaseSnapshot snapshot, CaseAnchor? previous, CancellationToken cancellationToken)
    {
        var caseId = snapshot.CaseId;
        if (snapshot.TryGetChain(out var head, out var records))
        {
            var scanned = await ReadCaseRowsAsync(run, caseId, snapshot.Rows.ToAsyncEnumerable(), cancellationToken);
            var chain = await VerifyChainAsync(run, caseId, previous, head, _ => records.ToAsyncEnumerable(), cancellationToken);
            return (scanned, chain, false);
        }

        Log.CaseReadAgain(logger, caseId, snapshot.Truncated ? "too many rows for a snapshot" : "the snapshot's rows and chain disagree");

        // Read order matters while uploads continue: rows and markers, then the head, then audit records up to that
        // head, then the blob listings. A row commits with its audit record, and bytes are written before their row,
        // so whatever is read first is accounted for by what is read after it; anything newer is tomorrow's work.
        var rows = await ReadCaseRowsAsync(run, caseId, index.QueryCaseRowsAsync(caseId, cancellationToken), cancellationToken);
        var headRead = await ledger.ReadHeadAsync(caseId, cancellationToken);
        var verified = await VerifyChainAsync(
            run, caseId, previous, headRead, upTo => ledger.ReadRecordsAsync(caseId, upTo, documentId: null, cancellationToken), cancellationToken);
        return (rows, verified, true);
    }

    /// <summary>The case's evidence blobs with their metadata, then its quarantine blobs.</summary>
    private async Task<CaseListings> ListCaseAsync(string caseId, CancellationToken cancellationToken)
    {
        var prefix = caseId + "/";
        var evidence = new Dictionary<string, BlobItem>(StringComparer.Ordinal);
        await foreach (var blob in storage.Evidence.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix, Traits = BlobTraits.Metadata }, cancellationToken))
        {
            evidence[blob.Name] = blob;
        }

        return new CaseListings(evidence, await ListQuarantineAsync(prefix, cancellationToken), afterRows: true);
    }
}
