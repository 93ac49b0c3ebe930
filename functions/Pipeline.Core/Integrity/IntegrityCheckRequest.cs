using System.Text.Json;
using System.Text.Json.Serialization;
using Pipeline.Hosting;

namespace Pipeline.Integrity;

/// <summary>A request to re-read one document's evidence bytes and compare them with its pinned digest.</summary>
public sealed record IntegrityCheckRequest(
    [property: JsonPropertyName("caseId")] string CaseId,
    [property: JsonPropertyName("documentId")] string DocumentId,
    [property: JsonPropertyName("sha256")] string Sha256)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Deterministic from case, document and digest, so a transport with duplicate detection (Service Bus) drops a
    /// re-sent request, and logs of the same check correlate.
    /// </summary>
    [JsonPropertyName("messageId")]
    public string MessageId => TextHash.Hex($"{CaseId}/{DocumentId}/{Sha256}", 32);

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Parses a message body; null when it is not a well-formed request (a poison message, not a crash).</summary>
    public static IntegrityCheckRequest? TryParse(string json)
    {
        try
        {
            var request = JsonSerializer.Deserialize<IntegrityCheckRequest>(json, JsonOptions);
            return request is { CaseId.Length: > 0, DocumentId.Length: > 0, Sha256.Length: 64 } ? request : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
