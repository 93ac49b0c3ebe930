using System.Security.Cryptography;
using Azure.Storage;
using Azure.Storage.Blobs.Models;
using Pipeline.Hosting;
using Pipeline.Storage;

namespace Pipeline.Local;

/// <summary>
/// Uploads a document the way a court portal must: to <c>intake/{caseId}/{uploadId}/{fileName}</c>, with the
/// SHA-256 it computed in metadata <c>sha256</c>, the uploader in <c>uploadedby</c>, and the declared Content-Type.
/// The local CLI and the tests act as a portal with it (not part of the pipeline's own services); a portal in another
/// language follows the same contract.
/// </summary>
public sealed class PortalUploader(PipelineStorage storage)
{
    public async Task<string> UploadAsync(
        string caseId,
        string uploadId,
        string fileName,
        Stream content,
        string contentType,
        string uploadedBy,
        string? documentType = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));
        content.Position = 0;
        var metadata = new Dictionary<string, string> { ["sha256"] = sha256, ["uploadedby"] = uploadedBy };
        if (documentType is not null)
        {
            metadata["documenttype"] = documentType;
        }

        return await UploadRawAsync($"{caseId}/{uploadId}/{fileName}", content, contentType, metadata, cancellationToken);
    }

    /// <summary>Uploads with exactly the given name, type and metadata (what a faulty or hostile portal might send).</summary>
    public async Task<string> UploadRawAsync(
        string blobName, Stream content, string? contentType, IDictionary<string, string> metadata, CancellationToken cancellationToken = default)
    {
        var blob = storage.Intake.GetBlobClient(blobName);
        await blob.UploadAsync(
            content,
            new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                Metadata = metadata,
                TransferValidation = new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5 },
            },
            cancellationToken);
        return blobName;
    }
}
