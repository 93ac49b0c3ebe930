using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Pipeline.Audit;
using Pipeline.Hosting;
using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Content;
using Pipeline.Storage;

namespace Pipeline.Integrity;

/// <summary>
/// Re-reads a document's evidence bytes, re-hashes them and compares with the digest pinned at ingest. A change of
/// state is written with its audit record in one transaction; a repeat check of an intact document only refreshes
/// <c>LastVerifiedAt</c>, so running a check twice is harmless.
/// </summary>
public sealed partial class IntegrityChecker(
    PipelineStorage storage, DocumentIndex index, CaseLedger ledger, PipelineMetrics metrics, TimeProvider time, ILogger<IntegrityChecker> logger)
{
    private const int MaxAttempts = 3;

    public async Task<IntegrityCheckResult> CheckAsync(IntegrityCheckRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await CheckOnceAsync(request, cancellationToken);
                metrics.IntegrityResult(result.Outcome);
                Log.Checked(logger, request.CaseId, request.DocumentId, result.Outcome, result.Detail);
                return result;
            }
            catch (Exception ex) when (attempt < MaxAttempts && IsConcurrentRowChange(ex))
            {
                // The row changed between read and write (another check, or an operator): measure again.
                Log.RowChanged(logger, request.CaseId, request.DocumentId, attempt);
            }
        }
    }

    private async Task<IntegrityCheckResult> CheckOnceAsync(IntegrityCheckRequest request, CancellationToken cancellationToken)
    {
        var record = await index.GetAsync(request.CaseId, request.DocumentId, cancellationToken);
        if (record is null)
        {
            return new IntegrityCheckResult(IntegrityCheckResult.NotIndexed, "no document row; reconciliation reports any evidence blob it may have as untracked");
        }

        if (record.State == DocumentStates.Disposed)
        {
            return new IntegrityCheckResult(IntegrityCheckResult.Skipped, "the document was disposed of; its kept bytes are no longer checked as case evidence (reconciliation still reports them missing or changed)");
        }

        if (record.State == DocumentStates.Rejected || string.IsNullOrEmpty(record.EvidenceBlob))
        {
            return new IntegrityCheckResult(IntegrityCheckResult.Skipped, "the document was rejected and has no evidence blob");
        }

        if (!string.Equals(record.Sha256, request.Sha256, StringComparison.Ordinal))
        {
            return new IntegrityCheckResult(IntegrityCheckResult.Stale, $"the request names sha256 {request.Sha256} but the document is pinned to {record.Sha256}");
        }

        var (state, detail) = await MeasureAsync(record, cancellationToken);
        var now = time.GetUtcNow();
        if (state == record.State)
        {
            var update = new TableEntity(record.PartitionKey, record.RowKey)
            {
                [nameof(DocumentRecord.LastCheckedAt)] = now,
                [nameof(DocumentRecord.LastCheckDetail)] = detail,
            };
            if (state == DocumentStates.Verified)
            {
                update[nameof(DocumentRecord.LastVerifiedAt)] = now;
            }

            await storage.Documents.UpdateEntityAsync(update, record.ETag, TableUpdateMode.Merge, cancellationToken);
            return new IntegrityCheckResult(state, detail);
        }

        var change = new TableEntity(record.PartitionKey, record.RowKey)
        {
            [nameof(DocumentRecord.State)] = state,
            [nameof(DocumentRecord.LastCheckedAt)] = now,
            [nameof(DocumentRecord.LastCheckDetail)] = detail,
        };
        if (state == DocumentStates.Verified)
        {
            change[nameof(DocumentRecord.LastVerifiedAt)] = now;
        }

        await ledger.AppendAsync(
            record.CaseId,
            new AuditEntry(AuditKindFor(record.State, state), record.DocumentId, record.Sha256, $"integrity check: {record.State} -> {state}: {detail}"),
            [new TableTransactionAction(TableTransactionActionType.UpdateMerge, change, record.ETag)],
            cancellationToken);
        if (state != DocumentStates.Verified)
        {
            Log.Anomaly(logger, record.CaseId, record.DocumentId, state, detail);
        }

        return new IntegrityCheckResult(state, detail, StateChanged: true);
    }

    private async Task<(string State, string Detail)> MeasureAsync(DocumentRecord record, CancellationToken cancellationToken)
    {
        var blob = storage.Evidence.GetBlobClient(record.EvidenceBlob);
        try
        {
            var download = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken);
            await using var content = download.Value.Content;
            var digest = await ContentHasher.HashAsync(content, cancellationToken: cancellationToken);
            if (string.Equals(digest.Sha256, record.Sha256, StringComparison.Ordinal) && digest.Length == record.Length)
            {
                return (DocumentStates.Verified, $"{digest.Length} bytes hash to the pinned sha256");
            }

            return (DocumentStates.Corrupt, $"the evidence blob now holds {digest.Length} bytes hashing to {digest.Sha256}; pinned {record.Length} bytes, sha256 {record.Sha256}");
        }
        // Only the blob itself: a missing container is a misconfiguration, retried and poisoned, never a "Missing" audit.
        catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return (DocumentStates.Missing, $"the evidence blob does not exist ({ex.ErrorCode})");
        }
    }

    private static string AuditKindFor(string from, string to) => to switch
    {
        DocumentStates.Corrupt => AuditKinds.DocumentCorrupt,
        DocumentStates.Missing => AuditKinds.DocumentMissing,
        _ when from is DocumentStates.Corrupt or DocumentStates.Missing => AuditKinds.DocumentRestored,
        _ => AuditKinds.DocumentVerified,
    };

    private static bool IsConcurrentRowChange(Exception ex) => ex switch
    {
        TableTransactionFailedException t => t.Status == 412 && t.FailedTransactionActionIndex == 0,
        RequestFailedException r => r.Status == 412,
        _ => false,
    };
}
