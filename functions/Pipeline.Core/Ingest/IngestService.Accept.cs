using Azure.Data.Tables;
using Pipeline.Audit;
using Pipeline.Content;
using Pipeline.EvidenceStore;
using Pipeline.Faults;
using Pipeline.Index;
using Pipeline.Intake;
using Pipeline.Validation;

namespace Pipeline.Ingest;

// The accept phase: store create-only, commit the row with its audit record, queue the first check, mark; and the
// recovery of evidence an interrupted ingest stored.
public sealed partial class IngestService
{
    private async Task<IngestResult> AcceptAsync(
        IntakeVersion upload, IntakePath path, SpooledUpload spooled, string contentType, string uploadedBy, DocumentRecord? existing, CancellationToken cancellationToken)
    {
        if (existing is not null)
        {
            // A re-run after this upload stored its bytes, lost the document id to another upload and crashed before
            // recording so: the blob it left is recorded now, so it is never untracked.
            var orphan = await evidence.FindOwnBlobAsync(path, upload.Blob.Name, existing.EvidenceBlob, cancellationToken);
            // Not when an upload record already names it (an earlier version of this upload was recorded with it).
            if (orphan is not null && await index.AnyUploadMarkerAsync(path.CaseId, path.UploadId, m => m.EvidenceBlob == orphan, cancellationToken))
            {
                orphan = null;
            }

            return await ResolveExistingAsync(upload, path, spooled, existing, orphan, cancellationToken);
        }

        var write = await evidence.StoreAsync(path, spooled, contentType, uploadedBy, upload.Blob.Name, cancellationToken);
        await faults.AtAsync(FaultSteps.IngestStored, upload.Blob.Name, cancellationToken);
        if (write.Status == EvidenceWriteStatus.Conflict)
        {
            // Other bytes sit at this document's evidence name with no row: an earlier upload was stored, then its
            // ingest stopped before the commit and the portal replaced it in intake. Those bytes are the document.
            existing = await AdoptStoredEvidenceAsync(path, write.BlobName, cancellationToken);
            return await ResolveExistingAsync(upload, path, spooled, existing, orphanEvidence: null, cancellationToken);
        }

        var record = new DocumentRecord
        {
            PartitionKey = path.CaseId,
            RowKey = path.UploadId,
            Sha256 = spooled.Digest.Sha256,
            UploadKey = spooled.Digest.Sha256,
            Md5 = Convert.ToBase64String(spooled.Digest.Md5),
            Length = spooled.Digest.Length,
            ContentType = contentType,
            FileName = path.FileName,
            DocumentType = upload.DocumentType,
            EvidenceBlob = write.BlobName,
            EvidenceETag = write.ETag.ToString(),
            State = DocumentStates.Stored,
            UploadedBy = uploadedBy,
            UploadedAt = upload.Properties.CreatedOn,
            IngestedAt = time.GetUtcNow(),
            IntakeBlob = upload.Blob.Name,
        };
        try
        {
            await ledger.AppendAsync(
                path.CaseId,
                new AuditEntry(
                    AuditKinds.DocumentIngested,
                    path.UploadId,
                    record.Sha256,
                    $"{path.FileName} ({contentType}, {record.Length} bytes) uploaded by {uploadedBy} as {upload.Blob.Name}; stored as evidence blob {write.BlobName}",
                    DocumentFacts.Of(record).ToJson()),
                [new TableTransactionAction(TableTransactionActionType.Add, record)],
                cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409 && ex.FailedTransactionActionIndex == 0)
        {
            // A concurrent upload of the same document id committed first. If this one wrote its own evidence blob
            // (another file name), that blob is recorded with this upload so it is never untracked.
            existing = await ReloadAfterLostRaceAsync(path, ex, cancellationToken);
            var orphan = write.Status == EvidenceWriteStatus.Created && !string.Equals(existing.EvidenceBlob, write.BlobName, StringComparison.Ordinal)
                ? write.BlobName
                : null;
            return await ResolveExistingAsync(upload, path, spooled, existing, orphan, cancellationToken);
        }

        await faults.AtAsync(FaultSteps.IngestIndexed, upload.Blob.Name, cancellationToken);
        await QueueFirstCheckAsync(record, justCommitted: true, cancellationToken);
        await faults.AtAsync(FaultSteps.IngestQueued, upload.Blob.Name, cancellationToken);
        await MarkAsync(upload, IntakeMarks.Ingested, path.UploadId, cancellationToken);
        return new IngestResult(IngestOutcome.Accepted, upload.Blob.Name, path.CaseId, path.UploadId, record.Sha256, write.BlobName);
    }

    /// <summary>Commits the row of an evidence blob that an interrupted ingest stored, from the blob's own metadata.</summary>
    private async Task<DocumentRecord> AdoptStoredEvidenceAsync(IntakePath path, string evidenceBlob, CancellationToken cancellationToken)
    {
        var properties = (await storage.Evidence.GetBlobClient(evidenceBlob).GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        var metadata = new Dictionary<string, string>(properties.Metadata, StringComparer.OrdinalIgnoreCase);
        var sha = metadata.GetValueOrDefault(EvidenceMetadata.Sha256) ?? "";
        var intakeBlob = metadata.TryGetValue(EvidenceMetadata.IntakeBlob, out var encodedIntake) ? EvidenceMetadata.Decode(encodedIntake) : "";
        var uploadedBy = metadata.TryGetValue(EvidenceMetadata.UploadedBy, out var encodedUploader) ? EvidenceMetadata.Decode(encodedUploader) : "";
        var record = new DocumentRecord
        {
            PartitionKey = path.CaseId,
            RowKey = path.UploadId,
            Sha256 = sha,
            UploadKey = sha,
            Md5 = properties.ContentHash is { Length: > 0 } md5 ? Convert.ToBase64String(md5) : null,
            Length = properties.ContentLength,
            ContentType = properties.ContentType ?? "",
            FileName = evidenceBlob[(evidenceBlob.LastIndexOf('/') + 1)..],
            EvidenceBlob = evidenceBlob,
            EvidenceETag = properties.ETag.ToString(),
            State = DocumentStates.Stored,
            UploadedBy = uploadedBy,
            UploadedAt = properties.CreatedOn,
            IngestedAt = time.GetUtcNow(),
            IntakeBlob = intakeBlob,
        };
        try
        {
            await ledger.AppendAsync(
                path.CaseId,
                new AuditEntry(
                    AuditKinds.DocumentIngested,
                    path.UploadId,
                    sha,
                    $"recovered: evidence blob {evidenceBlob} ({record.Length} bytes) was stored from {intakeBlob} by an ingest that stopped before indexing it",
                    DocumentFacts.Of(record).ToJson()),
                [new TableTransactionAction(TableTransactionActionType.Add, record)],
                cancellationToken);
            // Its first check is queued by the caller, which resolves the upload against this row.
            return record;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409 && ex.FailedTransactionActionIndex == 0)
        {
            return await ReloadAfterLostRaceAsync(path, ex, cancellationToken);
        }
    }

    /// <summary>The row another upload committed first (the Add that lost said it exists).</summary>
    private async Task<DocumentRecord> ReloadAfterLostRaceAsync(IntakePath path, Exception lostRace, CancellationToken cancellationToken) =>
        await index.GetAsync(path.CaseId, path.UploadId, cancellationToken)
            ?? throw new InvalidOperationException($"Document {path.UploadId} of case {path.CaseId} was reported as existing but cannot be read.", lostRace);
}
