using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Audit;
using Pipeline.EvidenceStore;
using Pipeline.Hosting;
using Pipeline.Faults;
using Pipeline.Index;
using Pipeline.Intake;
using Pipeline.Integrity;
using Pipeline.Quarantine;
using Pipeline.Validation;
using Pipeline.Content;
using Pipeline.Storage;

namespace Pipeline.Ingest;

/// <summary>
/// Ingests one intake blob: validate, hash while spooling, compare with the portal's digest, write create-only to
/// evidence, commit the row with its audit record, queue the first integrity check, and only then tag the intake
/// blob as handled. Every step is safe to repeat, so a crash anywhere is recovered by running it again, and a
/// repeated trigger changes nothing.
/// </summary>
public sealed partial class IngestService(
    PipelineStorage storage,
    UploadValidator validator,
    UploadSpool spool,
    EvidenceBlobStore evidence,
    QuarantineBlobStore quarantine,
    DocumentIndex index,
    CaseLedger ledger,
    CheckBatcher checks,
    IngestFailureLog failures,
    UploadIntentCheck intentCheck,
    UnaddressableIntake unaddressable,
    PipelineMetrics metrics,
    IFaultInjector faults,
    TimeProvider time,
    IOptions<IngestOptions> options,
    ILogger<IngestService> logger)
{
    private const string Sha256Key = "sha256";
    private const string UploadedByKey = "uploadedby";
    private const string DocumentTypeKey = "documenttype";

    /// <summary>A rejected upload's uploader value is recorded up to this length (a valid one is at most 256).</summary>
    private const int MaxRecordedUploaderLength = 1024;

    /// <summary>Blob index tags a blob can carry (a storage limit).</summary>
    private const int MaxBlobTags = 10;
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    // Read when the service is built, so a bad setting fails there (start-up) and not on the first upload.
    private readonly IngestOptions _options = options.Value;

    public Task<IngestResult> IngestAsync(string intakeBlobName, CancellationToken cancellationToken = default) =>
        IngestAsync(intakeBlobName, listed: null, cancellationToken);

    /// <summary>
    /// Ingests the version a listing showed: its properties, metadata and tags are taken from <paramref name="listed"/>
    /// rather than asked for again (the bytes are still read pinned to its ETag; a replaced blob is read afresh).
    /// </summary>
    public Task<IngestResult> IngestAsync(IntakeSnapshot listed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listed);
        return IngestAsync(listed.Name, listed, cancellationToken);
    }

    private async Task<IngestResult> IngestAsync(string intakeBlobName, IntakeSnapshot? listed, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(intakeBlobName);
        using var sharingChecks = checks.Participate();
        var attempts = Math.Max(1, _options.MaxAttemptsWhenIntakeChanges);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // A name no client can address exactly would read and tag another blob: recorded, never opened.
                var result = BlobAddress.TryGetExact(storage.Intake, intakeBlobName, out var intakeBlob)
                    ? await IngestCurrentVersionAsync(intakeBlob, attempt == 1 ? listed : null, cancellationToken)
                    : await unaddressable.RecordAsync(intakeBlobName, cancellationToken);
                metrics.IngestOutcome(result.Outcome.ToString());
                Log.Outcome(logger, intakeBlobName, result.Outcome, result.CaseId, result.DocumentId, result.Sha256);
                return result;
            }
            catch (IntakeChangedException) when (attempt < attempts)
            {
                // The portal replaced the upload while it was read; the new version is what must be ingested.
                Log.IntakeChanged(logger, intakeBlobName, attempt);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                await RecordFailureAsync(intakeBlobName, ex, cancellationToken);
                throw;
            }
        }
    }

    /// <summary>Counts the failed attempt (for the sweeper's back-off and the stuck report); never hides the failure itself.</summary>
    private async Task RecordFailureAsync(string intakeBlobName, Exception error, CancellationToken cancellationToken)
    {
        metrics.IngestOutcome(IngestOutcome.Failed.ToString());
        try
        {
            var failure = await failures.RecordAsync(intakeBlobName, error, cancellationToken);
            Log.Failed(logger, intakeBlobName, failure.Attempts, error);
        }
        catch (Exception recordError) when (!cancellationToken.IsCancellationRequested)
        {
            Log.FailureNotRecorded(logger, intakeBlobName, recordError);
        }
    }

    private async Task<IngestResult> IngestCurrentVersionAsync(BlobClient blob, IntakeSnapshot? listed, CancellationToken cancellationToken)
    {
        var properties = listed ?? await ReadSnapshotAsync(blob, cancellationToken);
        if (properties is null)
        {
            return new IngestResult(IngestOutcome.NotFound, blob.Name);
        }

        var tags = properties.Tags;
        if (properties.IsMarked)
        {
            return new IngestResult(IngestOutcome.AlreadyProcessed, blob.Name, DocumentId: tags.GetValueOrDefault(IntakeMarks.DocumentTag));
        }

        var upload = new IntakeVersion(blob, properties);
        var reasons = new List<RejectionReason>(validator.ValidateEnvelope(
            new UploadEnvelope(blob.Name, properties.ContentType, properties.ContentLength, upload.Metadata)));
        var readable = !reasons.Exists(r => r.Code is ReasonCodes.EmptyFile or ReasonCodes.TooLarge);
        await using var spooled = readable ? await SpoolAsync(upload, cancellationToken) : null;
        if (spooled is null && readable)
        {
            return new IngestResult(IngestOutcome.NotFound, blob.Name);
        }

        await faults.AtAsync(FaultSteps.IngestSpooled, blob.Name, cancellationToken);

        var contentType = UploadValidator.NormaliseContentType(properties.ContentType);
        if (spooled is not null && contentType is not null)
        {
            reasons.AddRange(await validator.ValidateContentAsync(spooled.Rewind(), properties.ContentType!, cancellationToken));
        }

        var declared = upload.Metadata.GetValueOrDefault(Sha256Key);
        if (spooled is not null && declared is { Length: 64 } && declared.All(char.IsAsciiHexDigit)
            && !string.Equals(declared, spooled.Digest.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            reasons.Add(new RejectionReason(
                ReasonCodes.DigestMismatch,
                $"the portal declared sha256 {declared} but the uploaded bytes hash to {spooled.Digest.Sha256}"));
        }

        var path = IntakePathParser.TryParse(blob.Name, out var parsed, out _) ? parsed : null;
        if (path is not null)
        {
            reasons.AddRange(await intentCheck.CheckAsync(path, properties.ContentType, properties.ContentLength, upload.Metadata, spooled?.Digest, cancellationToken));
        }

        if (reasons.Count > 0)
        {
            return await RejectAsync(upload, path, spooled, reasons, cancellationToken);
        }

        if (path is null || spooled is null || contentType is null || upload.UploadedBy is null)
        {
            throw new InvalidOperationException($"Validation accepted intake blob {DiagnosticName.Of(blob.Name)} without a path, content, type or uploader; refusing to store it.");
        }

        return await AcceptAsync(upload, path, spooled, contentType, upload.UploadedBy, cancellationToken);
    }

    /// <summary>The blob's properties, metadata and (only when it has any) tags; null when it is gone.</summary>
    private static async Task<IntakeSnapshot?> ReadSnapshotAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            var tags = properties.TagCount > 0 ? (await blob.GetTagsAsync(cancellationToken: cancellationToken)).Value.Tags : null;
            return IntakeSnapshot.FromProperties(blob.Name, properties, tags);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private async Task<SpooledUpload?> SpoolAsync(IntakeVersion upload, CancellationToken cancellationToken)
    {
        try
        {
            return await spool.SpoolAsync(upload.Blob, upload.Properties.ETag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            throw new IntakeChangedException(upload.Blob.Name, ex);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private async Task<IngestResult> AcceptAsync(
        IntakeVersion upload, IntakePath path, SpooledUpload spooled, string contentType, string uploadedBy, CancellationToken cancellationToken)
    {
        var existing = await index.GetAsync(path.CaseId, path.UploadId, cancellationToken);
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

    private async Task<IngestResult> RejectAsync(
        IntakeVersion upload, IntakePath? path, SpooledUpload? spooled, IReadOnlyList<RejectionReason> reasons, CancellationToken cancellationToken)
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
            var existing = await index.GetAsync(path.CaseId, path.UploadId, cancellationToken);
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

    private async Task QueueFirstCheckAsync(DocumentRecord record, bool justCommitted, CancellationToken cancellationToken)
    {
        // A row this ingest has just committed (with its audit record, in one transaction) is pinned by its version and
        // facts, so the first check reads neither again; a row read from the table is checked against its chain.
        var request = IntegrityCheckRequest.ForIngest(record.CaseId, record.DocumentId, record.Sha256, record.IngestedAt);
        await checks.EnqueueAsync(
            justCommitted && record.ETag != default
                ? request with
                {
                    RowVersion = record.ETag.ToString(),
                    Facts = DocumentFacts.Of(record).ToJson(),
                    EvidenceBlob = record.EvidenceBlob,
                    Length = record.Length,
                }
                : request,
            cancellationToken);
    }

    /// <summary>The last step: an intake blob is tagged only once everything it led to is durable.</summary>
    private static async Task MarkAsync(IntakeVersion upload, string state, string? documentId, CancellationToken cancellationToken)
    {
        var marks = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [IntakeMarks.StateTag] = state,
            [IntakeMarks.ETagTag] = IntakeMarks.TagValue(upload.Properties.ETag),
        };
        if (documentId is not null)
        {
            marks[IntakeMarks.DocumentTag] = documentId;
        }

        await upload.Blob.SetTagsAsync(MergeTags(upload.Tags, marks), cancellationToken: cancellationToken);
    }

    /// <summary>
    /// The pipeline's marks plus the portal's own tags, as many as fit in a blob's ten: a portal that used all ten
    /// must not make every mark fail (and the upload be re-ingested forever) after its evidence is already stored.
    /// </summary>
    internal static Dictionary<string, string> MergeTags(IReadOnlyDictionary<string, string> portalTags, IReadOnlyDictionary<string, string> marks)
    {
        var tags = new Dictionary<string, string>(marks, StringComparer.Ordinal);
        foreach (var (key, value) in portalTags.Where(t => !marks.ContainsKey(t.Key) && t.Key != IntakeMarks.FailedTag).OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (tags.Count >= MaxBlobTags)
            {
                break;
            }

            tags[key] = value;
        }

        return tags;
    }

    /// <summary>One version (ETag) of an intake blob, with its metadata read case-insensitively.</summary>
    private sealed class IntakeVersion(BlobClient blob, IntakeSnapshot properties)
    {
        public BlobClient Blob { get; } = blob;

        public IntakeSnapshot Properties { get; } = properties;

        public IReadOnlyDictionary<string, string> Tags => Properties.Tags;

        public IReadOnlyDictionary<string, string> Metadata => Properties.Metadata;

        public string? UploadedBy => Metadata.GetValueOrDefault(UploadedByKey) is { Length: > 0 } value ? value : null;

        public string? DocumentType => Metadata.GetValueOrDefault(DocumentTypeKey) is { Length: > 0 } value ? value : null;
    }

    private sealed class IntakeChangedException(string blobName, Exception inner)
        : Exception($"Intake blob {DiagnosticName.Of(blobName)} changed while it was being ingested.", inner);
}
