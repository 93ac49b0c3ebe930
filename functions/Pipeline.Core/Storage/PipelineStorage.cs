using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace Pipeline.Storage;

/// <summary>The pipeline's storage resources, resolved once from <see cref="PipelineStorageOptions"/>.</summary>
public sealed class PipelineStorage
{
    public PipelineStorage(BlobServiceClient blobs, TableServiceClient tables, QueueServiceClient queues, IOptions<PipelineStorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentNullException.ThrowIfNull(options);
        var names = options.Value;
        Intake = blobs.GetBlobContainerClient(names.IntakeContainer);
        Evidence = blobs.GetBlobContainerClient(names.EvidenceContainer);
        Quarantine = blobs.GetBlobContainerClient(names.QuarantineContainer);
        Reports = blobs.GetBlobContainerClient(names.ReportsContainer);
        Anchors = blobs.GetBlobContainerClient(names.AnchorsContainer);
        Documents = tables.GetTableClient(names.DocumentsTable);
        IntegrityQueue = queues.GetQueueClient(names.IntegrityQueue);
        ShardQueue = queues.GetQueueClient(names.ReconciliationShardQueue);
    }

    public BlobContainerClient Intake { get; }

    public BlobContainerClient Evidence { get; }

    public BlobContainerClient Quarantine { get; }

    public BlobContainerClient Reports { get; }

    public BlobContainerClient Anchors { get; }

    public TableClient Documents { get; }

    public QueueClient IntegrityQueue { get; }

    public QueueClient ShardQueue { get; }

    /// <summary>Creates every container, the table and the queue if absent (local set-up and tests; Bicep does it in Azure).</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        foreach (var container in new[] { Intake, Evidence, Quarantine, Reports, Anchors })
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        try
        {
            await Documents.CreateIfNotExistsAsync(cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Created concurrently by another process: that is the state we want.
        }

        await IntegrityQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await ShardQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }
}
