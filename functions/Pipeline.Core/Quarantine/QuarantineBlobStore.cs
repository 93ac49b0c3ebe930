using System.Security.Cryptography;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.EvidenceStore;
using Pipeline.Hosting;
using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Validation;
using Pipeline.Content;
using Pipeline.Storage;

namespace Pipeline.Quarantine;

/// <summary>
/// Keeps rejected uploads, create-only, with their reason codes in metadata. Nothing here is ever deleted by the
/// pipeline: a rejected upload is evidence that something was submitted.
/// </summary>
public sealed partial class QuarantineBlobStore(PipelineStorage storage, IOptions<SpoolOptions> spoolOptions, ILogger<QuarantineBlobStore> logger)
{
    private readonly BlobContainerClient _container = storage.Quarantine;
    private readonly StorageTransferOptions _transfer = spoolOptions.Value.WriteTransferOptions;

    /// <summary>
    /// Identifies one version of an upload: its SHA-256 when it was read, else its intake ETag (uploads too large to read).
    /// Distinct versions of one intake path never share a quarantine blob.
    /// </summary>
    public static string DigestKey(string? sha256, ETag intakeETag) =>
        sha256 ?? "etag-" + TextHash.Hex(intakeETag.ToString(), 32);

    private const int MaxUploadedByLength = 512;

    /// <summary>A stable key for an intake name that has no usable case id (such names may hold anything).</summary>
    public static string UnroutableKey(string intakeBlob) =>
        TextHash.Hex(intakeBlob, 40);

    /// <summary>
    /// <c>{case}/{upload}/{digest}/{file}</c>; for a name with a valid case id but a bad upload id or file name,
    /// <c>{case}/~invalid/{name hash}/{digest}/upload</c>; with no usable case id, <c>~unroutable/{name hash}/{digest}/upload</c>.
    /// </summary>
    public static string BlobNameFor(string intakeBlob, IntakePath? path, string digestKey)
    {
        if (path is not null)
        {
            return $"{path.CaseId}/{path.UploadId}/{digestKey}/{path.FileName}";
        }

        return IntakePathParser.TryGetCaseId(intakeBlob, out var caseId)
            ? $"{caseId}/~invalid/{UnroutableKey(intakeBlob)}/{digestKey}/upload"
            : $"{DocumentRowKeys.UnroutablePartition}/{UnroutableKey(intakeBlob)}/{digestKey}/upload";
    }

    /// <summary>
    /// Writes the rejected upload: from <paramref name="spooled"/> when it was read, else streamed from the intake blob
    /// version <paramref name="intakeETag"/>. Returns the quarantine blob name; an existing blob (re-delivery) is kept as is.
    /// </summary>
    public async Task<string> QuarantineAsync(
        BlobClient intakeBlob,
        ETag intakeETag,
        IntakePath? path,
        SpooledUpload? spooled,
        string? contentType,
        string? uploadedBy,
        IReadOnlyList<RejectionReason> reasons,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(intakeBlob);
        ArgumentNullException.ThrowIfNull(reasons);
        var name = BlobNameFor(intakeBlob.Name, path, DigestKey(spooled?.Digest.Sha256, intakeETag));
        var target = _container.GetBlobClient(name);
        var metadata = new Dictionary<string, string>
        {
            [EvidenceMetadata.IntakeBlob] = EvidenceMetadata.Encode(intakeBlob.Name),
            [EvidenceMetadata.Reasons] = string.Join(',', reasons.Select(r => r.Code).Distinct(StringComparer.Ordinal)),
        };
        if (spooled is not null)
        {
            metadata[EvidenceMetadata.Sha256] = spooled.Digest.Sha256;
        }

        if (!string.IsNullOrEmpty(uploadedBy))
        {
            // Bounded: a rejected upload's uploader value may be anything up to the intake's whole 8 KiB of metadata.
            metadata[EvidenceMetadata.UploadedBy] = EvidenceMetadata.Encode(UntrustedText.Bound(uploadedBy, MaxUploadedByLength));
        }

        var options = new BlobUploadOptions
        {
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType, ContentHash = spooled?.Digest.Md5 },
            Metadata = metadata,
            TransferValidation = new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5 },
            // Large uploads: staged blocks streamed from the spool, one at a time by default (see SpoolOptions).
            TransferOptions = _transfer,
        };
        try
        {
            if (spooled is not null)
            {
                await target.UploadAsync(spooled.Rewind(), options, cancellationToken);
            }
            else
            {
                // Not read (empty or over the size limit): a server-side copy of exactly that version, so an upload of
                // any size is quarantined without passing through the worker.
                var copy = await target.StartCopyFromUriAsync(
                    intakeBlob.Uri,
                    new BlobCopyFromUriOptions
                    {
                        Metadata = metadata,
                        SourceConditions = new BlobRequestConditions { IfMatch = intakeETag },
                        DestinationConditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    },
                    cancellationToken);
                await copy.WaitForCompletionAsync(cancellationToken);
                // Completion is not success: a copy can end Failed or Aborted (e.g. the upload was replaced mid-copy).
                await EnsureCopiedAsync(target, name, cancellationToken);
            }

            Log.Quarantined(logger, intakeBlob.Name, name, metadata[EvidenceMetadata.Reasons]);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // 409/412 also come from the intake read when the portal replaced the upload: only an existing target is a re-delivery.
            if (!await target.ExistsAsync(cancellationToken))
            {
                throw;
            }

            // An earlier attempt's copy must have succeeded before this upload counts as quarantined.
            await EnsureCopiedAsync(target, name, cancellationToken);
            Log.AlreadyQuarantined(logger, intakeBlob.Name, name);
        }

        return name;
    }

    /// <summary>
    /// Throws unless the quarantine blob holds its bytes: a blob written by upload has no copy status; a copied one must
    /// have succeeded. The upload then stays unmarked, so it is retried and, if it keeps failing, reported as stuck.
    /// </summary>
    private static async Task EnsureCopiedAsync(BlobClient target, string name, CancellationToken cancellationToken)
    {
        var properties = (await target.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        if (properties.BlobCopyStatus is null or CopyStatus.Success)
        {
            return;
        }

        throw new InvalidOperationException(
            $"The server-side copy into quarantine blob {DiagnosticName.Of(name)} is {properties.BlobCopyStatus}: {properties.CopyStatusDescription}; the upload is not quarantined yet.");
    }
}
