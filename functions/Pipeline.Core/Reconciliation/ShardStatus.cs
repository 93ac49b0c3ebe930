using System.Text.Json.Serialization;

namespace Pipeline.Reconciliation;

/// <summary>One shard of a sharded run, as the coordinator's checkpoint and the report record it.</summary>
public sealed class ShardStatus
{
    public const string Pending = "pending";
    public const string Completed = "completed";
    public const string Failed = "failed";

    [JsonPropertyName("shard")]
    public int Shard { get; set; }

    /// <summary>Its cases are after this id (null: from the first case).</summary>
    [JsonPropertyName("after")]
    public string? After { get; set; }

    /// <summary>Its cases are up to and including this id (null: to the last case).</summary>
    [JsonPropertyName("through")]
    public string? Through { get; set; }

    [JsonPropertyName("status")]
    public string Status { get; set; } = Pending;

    /// <summary>Deliveries it took (the one that completed, or the last one that failed).</summary>
    [JsonPropertyName("attempts")]
    public int Attempts { get; set; }

    [JsonPropertyName("casesChecked")]
    public long CasesChecked { get; set; }

    /// <summary>Why it failed; null when it did not.</summary>
    [JsonPropertyName("detail")]
    public string? Detail { get; set; }
}
