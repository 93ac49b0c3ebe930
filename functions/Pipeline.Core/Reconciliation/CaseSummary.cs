using System.Text.Json.Serialization;

namespace Pipeline.Reconciliation;

/// <summary>Anomaly counts of one case, for operations reading a report case by case.</summary>
public sealed record CaseSummary(
    [property: JsonPropertyName("caseId")] string CaseId,
    [property: JsonPropertyName("counts")] IReadOnlyDictionary<string, long> Counts)
{
    [JsonPropertyName("total")]
    public long Total => Counts.Values.Sum();
}
