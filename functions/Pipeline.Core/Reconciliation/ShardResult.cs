using System.Text.Json.Serialization;

namespace Pipeline.Reconciliation;

/// <summary>
/// What a shard worker saves when it is done (<c>runs/{runId}/shards/{shard}.json</c>, create-only: the first delivery to
/// finish wins). Its anomaly and maintenance chunks are in its attempt's own folder, its anchors in the anchors container.
/// </summary>
public sealed class ShardResult
{
    [JsonPropertyName("runId")]
    public string RunId { get; set; } = "";

    [JsonPropertyName("shard")]
    public int Shard { get; set; }

    /// <summary>The delivery's own folder name: two deliveries of one shard never write the same blob.</summary>
    [JsonPropertyName("attempt")]
    public string Attempt { get; set; } = "";

    [JsonPropertyName("attempts")]
    public int Attempts { get; set; }

    [JsonPropertyName("status")]
    public string Status { get; set; } = ShardStatus.Completed;

    [JsonPropertyName("detail")]
    public string? Detail { get; set; }

    [JsonPropertyName("chunks")]
    public int Chunks { get; set; }

    [JsonPropertyName("maintenanceChunks")]
    public int MaintenanceChunks { get; set; }

    [JsonPropertyName("anchors")]
    public List<AnchorChunk> AnchorChunks { get; set; } = [];

    [JsonPropertyName("casesChecked")]
    public long CasesChecked { get; set; }

    [JsonPropertyName("documentsChecked")]
    public long DocumentsChecked { get; set; }

    [JsonPropertyName("blobsScanned")]
    public long BlobsScanned { get; set; }

    [JsonPropertyName("checksEnqueued")]
    public long ChecksEnqueued { get; set; }

    [JsonPropertyName("counts")]
    public Dictionary<string, long> Counts { get; set; } = new(StringComparer.Ordinal);

    [JsonPropertyName("maintenance")]
    public Dictionary<string, long> Maintenance { get; set; } = new(StringComparer.Ordinal);

    public static ShardResult From(ReconciliationShardRequest request, string attempt, int attempts, ReconciliationState state)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(state);
        return new ShardResult
        {
            RunId = request.RunId,
            Shard = request.Shard,
            Attempt = attempt,
            Attempts = attempts,
            Chunks = state.Chunks,
            MaintenanceChunks = state.MaintenanceChunks,
            AnchorChunks = state.AnchorChunks,
            CasesChecked = state.CasesChecked,
            DocumentsChecked = state.DocumentsChecked,
            BlobsScanned = state.BlobsScanned,
            ChecksEnqueued = state.ChecksEnqueued,
            Counts = state.Counts,
            Maintenance = state.Maintenance,
        };
    }
}
