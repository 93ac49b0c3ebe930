using System.Text.Json;
using Azure.Data.Tables;
using Pipeline.Audit;
using Pipeline.Content;
using Pipeline.Index;
using Pipeline.Intake;
using Pipeline.Quarantine;
using Pipeline.Validation;

namespace Pipeline.Ingest;

// The document id already has a row: finish a crashed run, record a duplicate, or record a conflict in quarantine.
public sealed partial class IngestService
{
    /// <summary>
    /// The document id already has a row. The same intake version finishes what a crash left undone; the same bytes
    /// under another name are a recorded duplicate; anything else is a recorded conflict, kept in quarantine.
    /// </summary>
    private async Task<IngestResult> ResolveExistingAsync(
        IntakeVersion upload, IntakePath path, SpooledUpload spooled, DocumentRecord existing, string? orphanEvidence, CancellationToken cancellationToken)
    {
        var sha = spooled.Digest.Sha256;
        var sameVersion = existing.IsFrom(upload.Blob.Name, sha);
        if (!string.Equals(existing.Sha256, sha, StringComparison.Ordinal))
        {
            return await RecordConflictAsync(
                upload, path, spooled, existing, $"document {path.UploadId} of case {path.CaseId} already holds sha256 {existing.Sha256}", orphanEvidence, cancellationToken);
        }

        // This upload passed validation, so it is not the version that was rejected, even under the same name and bytes
        // (e.g. the portal corrected its Content-Type or metadata): recorded, and the rejection stands.
        if (existing.State == DocumentStates.Rejected)
        {
            return await RecordConflictAsync(
                upload, path, spooled, existing, $"document {path.UploadId} of case {path.CaseId} was rejected earlier; a corrected upload needs a new upload id", orphanEvidence, cancellationToken);
        }

        if (!sameVersion)
        {
            await RecordUploadMarkerAsync(
                upload, path, sha, IntakeMarks.Duplicate, quarantined: "", reasons: [], orphanEvidence,
                new AuditEntry(AuditKinds.UploadDuplicate, path.UploadId, sha, $"{upload.Blob.Name} holds the same bytes as document {path.UploadId} (from {existing.IntakeBlob}); nothing stored twice"),
                cancellationToken);
        }

        await EnsureFirstCheckQueuedAsync(existing, cancellationToken);

        var mark = sameVersion ? IntakeMarks.Ingested : IntakeMarks.Duplicate;
        await MarkAsync(upload, mark, path.UploadId, cancellationToken);
        return new IngestResult(IngestOutcome.Duplicate, upload.Blob.Name, path.CaseId, path.UploadId, existing.Sha256, existing.EvidenceBlob, existing.QuarantineBlob);
    }

    /// <summary>
    /// Whatever a re-run upload turns out to be, the stored document's first check must not wait for the night: a crash
    /// after its commit (or after adopting it from evidence) may have left it unqueued. Called after this upload is
    /// recorded (its bytes never wait on the queue), before it is marked (so a failure here is retried).
    /// </summary>
    private async Task EnsureFirstCheckQueuedAsync(DocumentRecord existing, CancellationToken cancellationToken)
    {
        // Never checked: the ingest records no "queued" flag (one request fewer per document), so a re-run before the
        // first check ran queues it again, which the idempotent check tolerates.
        if (existing.State == DocumentStates.Stored && existing.LastCheckedAt is null)
        {
            await QueueFirstCheckAsync(existing, justCommitted: false, cancellationToken);
        }
    }

    private async Task<IngestResult> RecordConflictAsync(
        IntakeVersion upload, IntakePath path, SpooledUpload spooled, DocumentRecord existing, string detail, string? orphanEvidence, CancellationToken cancellationToken)
    {
        IReadOnlyList<RejectionReason> reasons = [new RejectionReason(ReasonCodes.DocumentConflict, detail)];
        var quarantined = await QuarantineAsync(upload, path, spooled, reasons, cancellationToken);
        await RecordUploadMarkerAsync(
            upload, path, spooled.Digest.Sha256, IntakeMarks.Conflict, quarantined, reasons, orphanEvidence,
            new AuditEntry(AuditKinds.UploadConflict, path.UploadId, spooled.Digest.Sha256, $"{detail}; the new bytes are kept in quarantine blob {quarantined}"),
            cancellationToken);
        await EnsureFirstCheckQueuedAsync(existing, cancellationToken);
        await MarkAsync(upload, IntakeMarks.Conflict, path.UploadId, cancellationToken);
        return new IngestResult(IngestOutcome.Conflict, upload.Blob.Name, path.CaseId, path.UploadId, spooled.Digest.Sha256, QuarantineBlob: quarantined, Reasons: reasons);
    }


    private async Task RecordUploadMarkerAsync(
        IntakeVersion upload,
        IntakePath path,
        string? sha,
        string outcome,
        string quarantined,
        IReadOnlyList<RejectionReason> reasons,
        string? orphanEvidence,
        AuditEntry entry,
        CancellationToken cancellationToken)
    {
        var marker = new UploadMarker
        {
            PartitionKey = path.CaseId,
            RowKey = UploadMarker.RowKeyFor(path.UploadId, QuarantineBlobStore.DigestKey(sha, upload.Properties.ETag), upload.Blob.Name),
            DocumentId = path.UploadId,
            Outcome = outcome,
            Sha256 = sha,
            IntakeBlob = upload.Blob.Name,
            QuarantineBlob = quarantined,
            EvidenceBlob = orphanEvidence,
            Reasons = reasons.Count == 0 ? null : JsonSerializer.Serialize(reasons, JsonOptions),
            RecordedAt = time.GetUtcNow(),
        };
        try
        {
            await ledger.AppendAsync(path.CaseId, entry, [new TableTransactionAction(TableTransactionActionType.Add, marker)], cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409 && ex.FailedTransactionActionIndex == 0)
        {
            // Recorded by an earlier run that stopped before tagging the intake blob.
        }
    }
}
