using System.Text.Json.Serialization;

namespace Pipeline.Reconciliation;

/// <summary>
/// What a shard worker saves when it is done (<c>runs/{runId}/shards/{shard}.json</c>, create-only: the first delivery to
/// finish wins). Its anomaly and maintenance chunks are in its attempt's own folder, its anchors in the anchors container;
/// what it counted is its own <see cref="ReconciliationState"/>, which the coordinator adds to the run's.
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

    /// <summary>The shard's counts, chunk numbers and anchor chunks; empty for a failed shard.</summary>
    [JsonPropertyName("counted")]
    public ReconciliationState Counted { get; set; } = new();
}
