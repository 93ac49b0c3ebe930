using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;
using Pipeline.Storage;

namespace Pipeline.Portal;

/// <summary>
/// SAS URLs that allow exactly one thing: creating one named intake blob (permission <c>c</c> only, resource <c>b</c>),
/// until the intent expires. No read, list, overwrite or delete; no other name. With a shared key (Azurite) a service
/// SAS; under a managed identity a user-delegation SAS, signed with a delegation key cached until shortly before it expires.
/// </summary>
public sealed class UploadSasIssuer(PipelineStorage storage, TimeProvider time) : IDisposable
{
    /// <summary>Clock skew allowed between this host and the storage service.</summary>
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan DelegationKeyLifetime = TimeSpan.FromHours(6);
    private readonly SemaphoreSlim _keyLock = new(1, 1);
    private UserDelegationKey? _delegationKey;

    public async Task<Uri> CreateOnlyAsync(string intakeBlobName, DateTimeOffset expiresOn, CancellationToken cancellationToken = default)
    {
        var blob = storage.Intake.GetBlobClient(intakeBlobName);
        var now = time.GetUtcNow();
        var sas = new BlobSasBuilder(BlobSasPermissions.Create, expiresOn)
        {
            BlobContainerName = storage.Intake.Name,
            BlobName = intakeBlobName,
            Resource = "b",
            StartsOn = now - Skew,
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(sas);
        }

        var service = storage.Intake.GetParentBlobServiceClient();
        var key = await DelegationKeyAsync(service, now, expiresOn, cancellationToken);
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key, service.AccountName) }.ToUri();
    }

    public void Dispose() => _keyLock.Dispose();

    private async Task<UserDelegationKey> DelegationKeyAsync(BlobServiceClient service, DateTimeOffset now, DateTimeOffset needed, CancellationToken cancellationToken)
    {
        await _keyLock.WaitAsync(cancellationToken);
        try
        {
            if (_delegationKey is null || _delegationKey.SignedExpiresOn < needed)
            {
                var expires = new[] { now + DelegationKeyLifetime, needed }.Max();
                _delegationKey = (await service.GetUserDelegationKeyAsync(now - Skew, expires, cancellationToken)).Value;
            }

            return _delegationKey;
        }
        finally
        {
            _keyLock.Release();
        }
    }
}
