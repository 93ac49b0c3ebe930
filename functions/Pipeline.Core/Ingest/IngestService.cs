using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
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
    UploadIntents intents,
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
        // The document row (is the id taken?) and the intent, in one read; a row committed after it loses the race on commit.
        var idRows = path is null ? null : await intents.ReadUploadIdAsync(path.CaseId, path.UploadId, cancellationToken);
        if (path is not null)
        {
            reasons.AddRange(UploadIntentCheck.Check(idRows!.Intent, path, properties.ContentType, properties.ContentLength, upload.Metadata, spooled?.Digest));
        }

        if (reasons.Count > 0)
        {
            return await RejectAsync(upload, path, spooled, idRows?.Document, reasons, cancellationToken);
        }

        if (path is null || spooled is null || contentType is null || upload.UploadedBy is null)
        {
            throw new InvalidOperationException($"Validation accepted intake blob {DiagnosticName.Of(blob.Name)} without a path, content, type or uploader; refusing to store it.");
        }

        return await AcceptAsync(upload, path, spooled, contentType, upload.UploadedBy, idRows!.Document, cancellationToken);
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
