using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using Pipeline.Storage;

namespace Pipeline.Portal;

/// <summary>
/// Reads only the head of each stored report (<c>reports/{runId}.json</c> writes its counts before its anomalies), so
/// the history of runs costs a few kilobytes per run however many anomalies each found.
/// </summary>
public sealed class ReportHeaders(PipelineStorage storage)
{
    private const int HeadBytes = 4096;

    /// <summary>The latest <paramref name="count"/> completed runs, oldest first (run ids start with their UTC start time).</summary>
    public async Task<List<RunSummary>> LatestAsync(int count, CancellationToken cancellationToken = default)
    {
        var names = new List<string>();
        await foreach (var item in storage.Reports.GetBlobsByHierarchyAsync(new GetBlobsByHierarchyOptions { Delimiter = "/" }, cancellationToken))
        {
            if (item.IsBlob && item.Blob.Name.EndsWith(".json", StringComparison.Ordinal))
            {
                names.Add(item.Blob.Name);
            }
        }

        var runs = new List<RunSummary>();
        foreach (var name in names.Order(StringComparer.Ordinal).TakeLast(count))
        {
            if (await ReadAsync(name, cancellationToken) is { } run)
            {
                runs.Add(run);
            }
        }

        return runs;
    }

    private async Task<RunSummary?> ReadAsync(string blobName, CancellationToken cancellationToken)
    {
        byte[] head;
        try
        {
            var download = await storage.Reports.GetBlobClient(blobName).DownloadContentAsync(
                new BlobDownloadOptions { Range = new HttpRange(0, HeadBytes) }, cancellationToken);
            head = download.Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }

        string? runId = null;
        DateTimeOffset started = default, completed = default;
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(head, isFinalBlock: false, state: default);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                var property = reader.GetString();
                if (reader.CurrentDepth == 1 && property == "anomalies")
                {
                    break;
                }

                if (!reader.Read())
                {
                    break;
                }

                switch (reader.CurrentDepth, property)
                {
                    case (1, "runId"): runId = reader.GetString(); break;
                    case (1, "startedAt"): started = reader.GetDateTimeOffset(); break;
                    case (1, "completedAt"): completed = reader.GetDateTimeOffset(); break;
                    case (1, "counts"): ReadCounts(ref reader, counts); break;
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            // Not a report of this pipeline's shape: the page lists the runs it can read.
            return null;
        }

        return runId is null ? null : new RunSummary(runId, started, completed, counts);
    }

    private static void ReadCounts(ref Utf8JsonReader reader, Dictionary<string, long> counts)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var kind = reader.GetString()!;
            if (!reader.Read())
            {
                return;
            }

            counts[kind] = reader.GetInt64();
        }
    }
}
