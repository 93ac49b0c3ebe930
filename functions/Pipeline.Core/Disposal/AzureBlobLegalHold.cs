using Azure;
using Azure.Storage.Blobs.Models;
using Pipeline.Storage;

namespace Pipeline.Disposal;

/// <summary>
/// The blob legal hold through the SDK's <c>SetLegalHold</c>. It needs version-level immutability on the evidence
/// container (infra sets it); an account without it, or Azurite, refuses the call, which is reported as
/// <see cref="BlobLegalHoldStatus.NotSupported"/> (a recorded no-op), never as a failure of the hold itself.
/// A transient failure (throttling, a server error, no network) is thrown so the caller can retry.
/// </summary>
public sealed class AzureBlobLegalHold(PipelineStorage storage) : IBlobLegalHold
{
    public async Task<BlobLegalHoldOutcome> SetAsync(string evidenceBlob, bool hold, CancellationToken cancellationToken = default)
    {
        try
        {
            await storage.Evidence.GetBlobClient(evidenceBlob).SetLegalHoldAsync(hold, cancellationToken);
            return new BlobLegalHoldOutcome(BlobLegalHoldStatus.Applied);
        }
        catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return new BlobLegalHoldOutcome(BlobLegalHoldStatus.BlobMissing, ex.ErrorCode);
        }
        catch (RequestFailedException ex) when (!IsTransient(ex.Status))
        {
            return new BlobLegalHoldOutcome(BlobLegalHoldStatus.NotSupported, $"{ex.Status} {ex.ErrorCode}: {FirstLine(ex.Message)}");
        }
    }

    private static bool IsTransient(int status) => status is 0 or 408 or 429 or 500 or 502 or 503 or 504;

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
