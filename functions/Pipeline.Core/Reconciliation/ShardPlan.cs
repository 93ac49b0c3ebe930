using System.Text.Json.Serialization;

namespace Pipeline.Reconciliation;

/// <summary>
/// The index phase of a sharded run, in its checkpoint: the shards, whether they were sent, and which are folded into the
/// run (in shard order, so the report lists anomalies in the order a single process finds them).
/// </summary>
public sealed class ShardPlan
{
    [JsonPropertyName("casesPerShard")]
    public int CasesPerShard { get; set; }

    /// <summary>Set once the shard boundaries are saved; a resumed run keeps them.</summary>
    [JsonPropertyName("planned")]
    public bool Planned { get; set; }

    /// <summary>When every shard was sent; null until then (a resumed run sends again whatever has no result).</summary>
    [JsonPropertyName("sentAt")]
    public DateTimeOffset? SentAt { get; set; }

    [JsonPropertyName("shards")]
    public List<ShardStatus> Shards { get; set; } = [];

    /// <summary>Shards before this one are folded into the run's counts and chunks.</summary>
    [JsonPropertyName("folded")]
    public int Folded { get; set; }
}
