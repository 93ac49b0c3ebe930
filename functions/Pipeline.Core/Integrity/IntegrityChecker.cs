using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Pipeline.Audit;
using Pipeline.Hosting;
using Pipeline.Faults;
using Pipeline.Index;
using Pipeline.Content;
using Pipeline.Storage;

namespace Pipeline.Integrity;

/// <summary>
/// Re-reads a document's evidence bytes, re-hashes them and compares them with the digest and length its audit chain
/// recorded at ingest — never only with the row, which anyone who can write the table can rewrite. A change of state
/// follows <see cref="DocumentStateMachine"/> and is written with its audit record in one transaction; a transition
/// the machine does not allow is refused and recorded; a repeat check of an intact document only refreshes
/// <c>LastVerifiedAt</c>, so running a check twice is harmless.
/// </summary>
public sealed partial class IntegrityChecker(
    PipelineStorage storage, DocumentIndex index, CaseLedger ledger, PipelineMetrics metrics, IFaultInjector faults, TimeProvider time, ILogger<IntegrityChecker> logger)
{
    /// <summary>The outcome of a check whose state change the state machine refused.</summary>
    public const string Refused = "Refused";

    private const int MaxAttempts = 3;

    public async Task<IntegrityCheckResult> CheckAsync(IntegrityCheckRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // A first check trusts the row version the ingest committed only once: after a concurrent change it reads the row.
                var result = await CheckOnceAsync(request, trustPinnedRow: attempt == 1, cancellationToken);
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

    private async Task<IntegrityCheckResult> CheckOnceAsync(IntegrityCheckRequest request, bool trustPinnedRow, CancellationToken cancellationToken)
    {
        var record = trustPinnedRow && request.PinsRow && request.Facts is not null
            ? PinnedRow(request)
            : await index.GetAsync(request.CaseId, request.DocumentId, cancellationToken);
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

        // What the chain recorded is the truth; a row without a chain (written before payloads) pins itself. A first
        // check carries the facts the ingest committed in the same transaction as the row version it pins, so it
        // reads neither row nor chain: its conditional write fails if the row is no longer that version.
        var pinned = trustPinnedRow && request.PinsRow && DocumentFacts.TryParse(request.Facts) is { IsLegacy: false } committed
            ? committed
            : DocumentFacts.Pinned(await ReadChainFactsAsync(record, cancellationToken), record);
        if (!string.Equals(pinned.Sha256, request.Sha256, StringComparison.Ordinal))
        {
            return new IntegrityCheckResult(IntegrityCheckResult.Stale, $"the request names sha256 {request.Sha256} but the audit chain pins sha256 {pinned.Sha256}");
        }

        var (state, detail) = await MeasureAsync(pinned.EvidenceBlob ?? record.EvidenceBlob, pinned, cancellationToken);
        await faults.AtAsync(FaultSteps.CheckMeasured, $"{record.CaseId}/{record.DocumentId}", cancellationToken);
        var now = time.GetUtcNow();
        if (state == pinned.State)
        {
            // No transition. A row whose State differs from the chain's is left so: reconciliation reports it as index-altered.
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

        if (DocumentStateMachine.AuditKindFor(pinned.State, state) is not { } kind)
        {
            // Not a move the pipeline makes (e.g. the chain says the upload was rejected): recorded, the row untouched.
            var refusal = $"integrity check found {state} ({detail}) but {pinned.State} -> {state} is not an allowed transition; the document is left {record.State}";
            await ledger.AppendAsync(record.CaseId, new AuditEntry(AuditKinds.TransitionRefused, record.DocumentId, pinned.Sha256, refusal), [], cancellationToken);
            Log.Anomaly(logger, record.CaseId, record.DocumentId, Refused, refusal);
            return new IntegrityCheckResult(Refused, refusal);
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
            new AuditEntry(kind, record.DocumentId, pinned.Sha256, $"integrity check: {pinned.State} -> {state}: {detail}", (pinned with { State = state }).ToJson()),
            [new TableTransactionAction(TableTransactionActionType.UpdateMerge, change, record.ETag)],
            cancellationToken);
        if (state != DocumentStates.Verified)
        {
            Log.Anomaly(logger, record.CaseId, record.DocumentId, state, detail);
        }

        return new IntegrityCheckResult(state, detail, StateChanged: true);
    }

    /// <summary>
    /// The row as the ingest committed it, from the first check's request: every write below is conditional on its
    /// version, so the check lands only on that row, and a row changed since fails with 412 and is read afresh.
    /// </summary>
    private static DocumentRecord PinnedRow(IntegrityCheckRequest request) => new()
    {
        PartitionKey = request.CaseId,
        RowKey = request.DocumentId,
        Sha256 = request.Sha256,
        Length = request.Length ?? 0,
        EvidenceBlob = request.EvidenceBlob,
        State = DocumentStates.Stored,
        ETag = new Azure.ETag(request.RowVersion!),
    };

    /// <summary>The document's facts as its audit events record them, or null when the chain has none for it.</summary>
    private async Task<DocumentFacts?> ReadChainFactsAsync(DocumentRecord record, CancellationToken cancellationToken)
    {
        var fold = new DocumentChainFold();
        await foreach (var read in ledger.ReadRecordsAsync(record.CaseId, upToSequence: null, record.DocumentId, cancellationToken))
        {
            // A record not of the pipeline's shape is not trusted (reconciliation reports it).
            fold.Add(read.Row, read.IsWellFormed);
        }

        return fold.Expected(record.DocumentId);
    }

    private async Task<(string State, string Detail)> MeasureAsync(string evidenceBlob, DocumentFacts pinned, CancellationToken cancellationToken)
    {
        var blob = storage.Evidence.GetBlobClient(evidenceBlob);
        try
        {
            var download = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken);
            await using var content = download.Value.Content;
            var digest = await ContentHasher.HashSha256Async(content, cancellationToken);
            if (string.Equals(digest.Sha256, pinned.Sha256, StringComparison.Ordinal) && digest.Length == pinned.Length)
            {
                return (DocumentStates.Verified, $"{digest.Length} bytes hash to the sha256 the audit chain recorded");
            }

            return (DocumentStates.Corrupt, $"the evidence blob now holds {digest.Length} bytes hashing to {digest.Sha256}; the audit chain recorded {pinned.Length} bytes, sha256 {pinned.Sha256}");
        }
        // Only the blob itself: a missing container is a misconfiguration, retried and poisoned, never a "Missing" audit.
        catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return (DocumentStates.Missing, $"the evidence blob does not exist ({ex.ErrorCode})");
        }
    }

    private static bool IsConcurrentRowChange(Exception ex) => ex switch
    {
        TableTransactionFailedException t => t.Status == 412 && t.FailedTransactionActionIndex == 0,
        RequestFailedException r => r.Status == 412,
        _ => false,
    };
}
