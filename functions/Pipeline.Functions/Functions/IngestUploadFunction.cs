using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Pipeline.Hosting;
using Pipeline.Ingest;

namespace Pipeline.Functions.Functions;

/// <summary>
/// A portal's upload landed in intake. Event Grid delivers BlobCreated; the path matches every name so that a
/// malformed one is quarantined, not ignored. Retries and the poison queue come from the blob extension.
/// </summary>
public sealed class IngestUploadFunction(IngestService ingest)
{
    public const string Name = "IngestUpload";

    [Function(Name)]
    public Task<IngestResult> RunAsync(
        [BlobTrigger("%Pipeline:Storage:IntakeContainer%/{name}", Source = BlobTriggerSource.EventGrid, Connection = AppSettingNames.EvidenceStorageConnection)] BlobClient upload,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        return ingest.IngestAsync(upload.Name, cancellationToken);
    }
}
