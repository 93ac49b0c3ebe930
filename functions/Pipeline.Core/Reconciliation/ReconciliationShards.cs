using System.Text.Json.Serialization;

namespace Pipeline.Reconciliation;

/// <summary>The report's <c>shards</c> section: every shard of a sharded run with how it ended.</summary>
public sealed class ReconciliationShards
{
    [JsonPropertyName("count")]
    public int Count { get; set; }

    [JsonPropertyName("completed")]
    public int Completed { get; set; }

    [JsonPropertyName("failed")]
    public int Failed { get; set; }

    [JsonPropertyName("items")]
    public List<ShardStatus> Items { get; set; } = [];

    public static ReconciliationShards? Of(ShardPlan? plan) => plan is null
        ? null
        : new ReconciliationShards
        {
            Count = plan.Shards.Count,
            Completed = plan.Shards.Count(s => s.Status == ShardStatus.Completed),
            Failed = plan.Shards.Count(s => s.Status == ShardStatus.Failed),
            Items = plan.Shards,
        };
}
