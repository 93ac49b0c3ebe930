using Azure.Storage.Blobs.Models;
using Pipeline.Hosting;
using Pipeline.Ingest;

namespace Pipeline.Intake;

/// <summary>
/// Ingests every intake blob not yet marked as handled. The local host sweeps with no minimum age (it is the
/// trigger there); in Azure a timer sweeps blobs older than the stuck threshold, catching any missed Event Grid delivery.
/// </summary>
public sealed class IntakeSweeper(PipelineStorage storage, IngestService ingest, TimeProvider time)
{
    public async Task<IReadOnlyList<IngestResult>> SweepAsync(TimeSpan minimumAge, IProgress<IngestResult>? progress = null, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var results = new List<IngestResult>();
        await foreach (var item in storage.Intake.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Tags }, cancellationToken))
        {
            if (IntakeMarks.IsProcessed(item.Tags))
            {
                continue;
            }

            var landed = item.Properties.CreatedOn ?? item.Properties.LastModified ?? now;
            if (now - landed < minimumAge)
            {
                continue;
            }

            var result = await ingest.IngestAsync(item.Name, cancellationToken);
            results.Add(result);
            progress?.Report(result);
        }

        return results;
    }
}
