using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Reconciliation;

/// <summary>
/// One shard of a run, as the coordinator sends it: the cases whose ids are after <see cref="After"/> (null: from the
/// first) and up to <see cref="Through"/> (null: to the last), and what every worker of the run must share.
/// </summary>
public sealed record ReconciliationShardRequest(
    [property: JsonPropertyName("runId")] string RunId,
    [property: JsonPropertyName("shard")] int Shard,
    [property: JsonPropertyName("after")] string? After,
    [property: JsonPropertyName("through")] string? Through,
    [property: JsonPropertyName("rehash")] bool Rehash,
    [property: JsonPropertyName("previousRunId")] string? PreviousRunId,
    [property: JsonPropertyName("previousRunKeyed")] bool PreviousRunKeyed)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>Deterministic per run and shard, so a transport that de-duplicates drops a re-send.</summary>
    [JsonIgnore]
    public string MessageId => $"{RunId}-shard-{Shard}";

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>The request in <paramref name="json"/>, or null when it is not one (a clear error for the caller, never a crash).</summary>
    public static ReconciliationShardRequest? TryParse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            var request = JsonSerializer.Deserialize<ReconciliationShardRequest>(json, JsonOptions);
            return request is { RunId.Length: > 0, Shard: >= 0 } ? request : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="caseId"/> is past this shard's last case.</summary>
    public bool IsPastEnd(string caseId) => Through is not null && string.CompareOrdinal(caseId, Through) > 0;
}
