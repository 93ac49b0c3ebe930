using System.Text.Json.Serialization;

namespace Pipeline.Reconciliation;

/// <summary>The report's <c>maintenance</c> section: routine work queued by the run, by kind, and each item.</summary>
public sealed class ReconciliationMaintenance
{
    [JsonPropertyName("counts")]
    public Dictionary<string, long> Counts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Every item, in the order found. Empty in the summary a run returns; complete in the stored report.</summary>
    [JsonPropertyName("items")]
    public List<Anomaly> Items { get; set; } = [];

    [JsonIgnore]
    public long Count => Counts.Values.Sum();
}
