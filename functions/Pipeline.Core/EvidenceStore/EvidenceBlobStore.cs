using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Hosting;
using Pipeline.Ingest;
using Pipeline.Validation;
using Pipeline.Content;
using Pipeline.Storage;

namespace Pipeline.EvidenceStore;

/// <summary>
/// Writes accepted documents into the evidence container, create-only (If-None-Match: *): an existing blob is never
/// overwritten, whatever the caller asks. In Azure the container also has version-level WORM immutability.
/// </summary>
public sealed partial class EvidenceBlobStore(PipelineStorage storage, IOptions<SpoolOptions> spoolOptions, ILogger<EvidenceBlobStore> logger)
{
    private readonly BlobContainerClient _container = storage.Evidence;
    private readonly StorageTransferOptions _transfer = spoolOptions.Value.WriteTransferOptions;

    /// <summary>Evidence blob name of a document: stable for its case and document id, independent of its bytes.</summary>
    public static string BlobNameFor(IntakePath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return $"{path.CaseId}/{path.UploadId}/{path.FileName}";
    }

    /// <summary>
    /// The evidence blob this intake upload wrote under its own file name, if one exists and is not <paramref name="recorded"/>:
    /// left behind when the upload stored its bytes and then lost the race for the document id (or crashed before
    /// its commit while another upload committed). Its own metadata must name this intake blob.
    /// </summary>
    public async Task<string?> FindOwnBlobAsync(IntakePath path, string intakeBlob, string? recorded, CancellationToken cancellationToken = default)
    {
        var name = BlobNameFor(path);
        if (string.Equals(name, recorded, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var properties = await _container.GetBlobClient(name).GetPropertiesAsync(cancellationToken: cancellationToken);
            var writer = EvidenceMetadata.Find(properties.Value.Metadata, EvidenceMetadata.IntakeBlob);
            return writer is not null && string.Equals(EvidenceMetadata.Decode(writer), intakeBlob, StringComparison.Ordinal) ? name : null;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task<EvidenceWrite> StoreAsync(
        IntakePath path, SpooledUpload upload, string contentType, string uploadedBy, string intakeBlob, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var name = BlobNameFor(path);
        var blob = _container.GetBlobClient(name);
        var options = new BlobUploadOptions
        {
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType, ContentHash = upload.Digest.Md5 },
            Metadata = new Dictionary<string, string>
            {
                [EvidenceMetadata.Sha256] = upload.Digest.Sha256,
                [EvidenceMetadata.CaseId] = path.CaseId,
                [EvidenceMetadata.DocumentId] = path.UploadId,
                [EvidenceMetadata.UploadedBy] = EvidenceMetadata.Encode(uploadedBy),
                [EvidenceMetadata.IntakeBlob] = EvidenceMetadata.Encode(intakeBlob),
            },
            // MD5 per transfer: what arrives is what was sent (the emulator cannot do CRC64).
            TransferValidation = new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5 },
            // Large documents: staged blocks streamed from the spool, one at a time by default (see SpoolOptions).
            TransferOptions = _transfer,
        };
        try
        {
            var response = await blob.UploadAsync(upload.Rewind(), options, cancellationToken);
            Log.Stored(logger, path.CaseId, path.UploadId, name, upload.Digest.Sha256);
            return new EvidenceWrite(EvidenceWriteStatus.Created, name, response.Value.ETag, null);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            var existing = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            var existingSha = EvidenceMetadata.Find(existing.Value.Metadata, EvidenceMetadata.Sha256);
            var status = string.Equals(existingSha, upload.Digest.Sha256, StringComparison.Ordinal) && existing.Value.ContentLength == upload.Digest.Length
                ? EvidenceWriteStatus.AlreadyStored
                : EvidenceWriteStatus.Conflict;
            Log.Exists(logger, path.CaseId, path.UploadId, name, status);
            return new EvidenceWrite(status, name, existing.Value.ETag, existingSha);
        }
    }
}
