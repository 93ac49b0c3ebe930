using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Pipeline.Audit;
using Pipeline.Content;
using Pipeline.Index;
using Pipeline.Intake;
using Pipeline.Quarantine;
using Pipeline.Storage;
using Pipeline.Validation;

namespace Pipeline.Ingest;

// The reject phase: quarantine the upload with its reasons and record it (row, upload record or unroutable row).
public sealed partial class IngestService
{
    private async Task<IngestResult> RejectAsync(
        IntakeVersion upload, IntakePath? path, SpooledUpload? spooled, DocumentRecord? existing, IReadOnlyList<RejectionReason> reasons, CancellationToken cancellationToken)
    {
        var quarantined = await QuarantineAsync(upload, path, spooled, reasons, cancellationToken);
        var sha = spooled?.Digest.Sha256;
        var uploadKey = QuarantineBlobStore.DigestKey(sha, upload.Properties.ETag);
        var row = new DocumentRecord
        {
            Sha256 = sha ?? "",
            UploadKey = uploadKey,
            Length = upload.Properties.ContentLength,
            ContentType = upload.Properties.ContentType ?? "",
            FileName = path?.FileName ?? "",
            DocumentType = upload.DocumentType,
            State = DocumentStates.Rejected,
            UploadedBy = UntrustedText.Bound(upload.UploadedBy, MaxRecordedUploaderLength),
            UploadedAt = upload.Properties.CreatedOn,
            IngestedAt = time.GetUtcNow(),
            IntakeBlob = upload.Blob.Name,
            QuarantineBlob = quarantined,
            Reasons = JsonSerializer.Serialize(reasons, JsonOptions),
        };
        var summary = string.Join("; ", reasons.Select(r => $"{r.Code}: {r.Detail}"));
        if (path is null && IntakePathParser.TryGetCaseId(upload.Blob.Name, out var caseOnly))
        {
            // A valid case id with a bad upload id or file name: no document id to file it under, but the case's
            // audit trail still records that something was submitted and where it is kept.
            var marker = new UploadMarker
            {
                PartitionKey = caseOnly,
                RowKey = UploadMarker.RowKeyFor("", uploadKey, upload.Blob.Name),
                Outcome = IntakeMarks.Rejected,
                Sha256 = sha,
                IntakeBlob = upload.Blob.Name,
                QuarantineBlob = quarantined,
                Reasons = row.Reasons,
                RecordedAt = time.GetUtcNow(),
            };
            try
            {
                await ledger.AppendAsync(
                    caseOnly,
                    new AuditEntry(AuditKinds.UploadRejected, null, sha, $"{upload.Blob.Name} rejected ({summary}); kept in quarantine blob {quarantined}"),
                    [new TableTransactionAction(TableTransactionActionType.Add, marker)],
                    cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409 && ex.FailedTransactionActionIndex == 0)
            {
                // Recorded by an earlier run.
            }

            await MarkAsync(upload, IntakeMarks.Rejected, null, cancellationToken);
            return new IngestResult(IngestOutcome.Rejected, upload.Blob.Name, caseOnly, null, sha, QuarantineBlob: quarantined, Reasons: reasons);
        }

        if (path is null)
        {
            // No case to file it under: keep it in the unroutable partition so reconciliation and operators still see it.
            row.PartitionKey = DocumentRowKeys.UnroutablePartition;
            row.RowKey = $"{QuarantineBlobStore.UnroutableKey(upload.Blob.Name)}-{uploadKey}";
            try
            {
                await storage.Documents.AddEntityAsync(row, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Recorded by an earlier run.
            }
        }
        else
        {
            row.PartitionKey = path.CaseId;
            row.RowKey = path.UploadId;
            if (existing is null)
            {
                try
                {
                    await ledger.AppendAsync(
                        path.CaseId,
                        new AuditEntry(AuditKinds.UploadRejected, path.UploadId, sha, $"{upload.Blob.Name} rejected ({summary}); kept in quarantine blob {quarantined}", DocumentFacts.Of(row).ToJson()),
                        [new TableTransactionAction(TableTransactionActionType.Add, row)],
                        cancellationToken);
                }
                catch (TableTransactionFailedException ex) when (ex.Status == 409 && ex.FailedTransactionActionIndex == 0)
                {
                    existing = await index.GetAsync(path.CaseId, path.UploadId, cancellationToken);
                }
            }

            // The id is taken by another upload, or by an earlier, accepted version of this one whose metadata was
            // since rewritten so that it fails: record this rejected version beside it, never over it.
            if (existing is not null && (!existing.IsFrom(upload.Blob.Name, uploadKey) || existing.State != DocumentStates.Rejected))
            {
                await RecordUploadMarkerAsync(
                    upload, path, sha, IntakeMarks.Rejected, quarantined, reasons, orphanEvidence: null,
                    new AuditEntry(AuditKinds.UploadRejected, path.UploadId, sha, $"{upload.Blob.Name} rejected ({summary}); document {path.UploadId} already exists; kept in quarantine blob {quarantined}"),
                    cancellationToken);
            }
        }

        await MarkAsync(upload, IntakeMarks.Rejected, path?.UploadId, cancellationToken);
        return new IngestResult(IngestOutcome.Rejected, upload.Blob.Name, path?.CaseId, path?.UploadId, sha, QuarantineBlob: quarantined, Reasons: reasons);
    }

    private async Task<string> QuarantineAsync(
        IntakeVersion upload, IntakePath? path, SpooledUpload? spooled, IReadOnlyList<RejectionReason> reasons, CancellationToken cancellationToken)
    {
        try
        {
            return await quarantine.QuarantineAsync(
                upload.Blob, upload.Properties.ETag, path, spooled, upload.Properties.ContentType, upload.UploadedBy, reasons, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404 && spooled is null)
        {
            throw new IntakeChangedException(upload.Blob.Name, ex);
        }
    }
}
