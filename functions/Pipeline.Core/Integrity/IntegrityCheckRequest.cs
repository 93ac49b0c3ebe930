using System.Text.Json;
using System.Text.Json.Serialization;
using Pipeline.Hosting;

namespace Pipeline.Integrity;

/// <summary>
/// A request to re-read one document's evidence bytes and compare them with its pinned digest. A claim check: ids and
/// the digest, never document bytes.
/// </summary>
public sealed record IntegrityCheckRequest(
    [property: JsonPropertyName("caseId")] string CaseId,
    [property: JsonPropertyName("documentId")] string DocumentId,
    [property: JsonPropertyName("sha256")] string Sha256)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>Why the check was asked for (<see cref="IntegrityCheckKinds"/>).</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; init; } = IntegrityCheckKinds.Ingest;

    /// <summary>
    /// What asked for it: the ingest that stored the document (its ingest time), the reconciliation run, or the replay.
    /// Without one, each request object is its own request.
    /// </summary>
    [JsonPropertyName("runId")]
    public string RunId { get; init; } = Guid.NewGuid().ToString("N");

    /// <summary>
    /// The same for every send of one request (a retried ingest, a resumed run, a send the SDK retries), so Service
    /// Bus's duplicate detection drops the repeats; different for a later request about the same document (the next
    /// night's re-verification, a replay), which must never be dropped as a duplicate of the first.
    /// </summary>
    [JsonPropertyName("messageId")]
    public string MessageId => TextHash.Hex($"{CaseId}/{DocumentId}/{Sha256}/{Kind}/{RunId}", 32);

    /// <summary>The first check of a document just ingested: one request per ingest of that document.</summary>
    public static IntegrityCheckRequest ForIngest(string caseId, string documentId, string sha256, DateTimeOffset ingestedAt) =>
        new(caseId, documentId, sha256) { Kind = IntegrityCheckKinds.Ingest, RunId = "ingest-" + ingestedAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    /// <summary>
    /// The document row's version (ETag) as the ingest committed it, on a first check. With <see cref="EvidenceBlob"/>
    /// and <see cref="Length"/> it lets the check skip re-reading the row: its write is conditional on this version,
    /// so it lands only on the row exactly as ingested, and otherwise the check starts over from the row.
    /// </summary>
    [JsonPropertyName("rowVersion")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RowVersion { get; init; }

    [JsonPropertyName("evidenceBlob")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? EvidenceBlob { get; init; }

    [JsonPropertyName("length")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Length { get; init; }

    /// <summary>The document's facts as the ingest's audit record holds them (its payload), on a first check.</summary>
    [JsonPropertyName("facts")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Facts { get; init; }

    /// <summary>True when the request pins the row version it was sent for (see <see cref="RowVersion"/>).</summary>
    [JsonIgnore]
    public bool PinsRow => RowVersion is { Length: > 0 } && EvidenceBlob is { Length: > 0 } && Length is >= 0;

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>One message body for several requests (a JSON array); a single request is sent as itself.</summary>
    public static string ToJson(IReadOnlyList<IntegrityCheckRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        return requests.Count == 1 ? requests[0].ToJson() : JsonSerializer.Serialize(requests, JsonOptions);
    }

    /// <summary>
    /// Parses a message body holding one request or an array of them; null when it is not well formed, or any
    /// element is not (a poison message, not a crash).
    /// </summary>
    public static IReadOnlyList<IntegrityCheckRequest>? TryParseMany(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (!json.TrimStart().StartsWith('['))
        {
            return TryParse(json) is { } single ? [single] : null;
        }

        try
        {
            var requests = JsonSerializer.Deserialize<IntegrityCheckRequest?[]>(json, JsonOptions);
            return requests is { Length: > 0 } && requests.All(r => r is { CaseId.Length: > 0, DocumentId.Length: > 0, Sha256.Length: 64 })
                ? requests.OfType<IntegrityCheckRequest>().ToArray()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Parses a message body; null when it is not a well-formed request (a poison message, not a crash).</summary>
    public static IntegrityCheckRequest? TryParse(string json)
    {
        try
        {
            var request = JsonSerializer.Deserialize<IntegrityCheckRequest>(json, JsonOptions);
            return request is { CaseId.Length: > 0, DocumentId.Length: > 0, Sha256.Length: 64, Kind.Length: > 0, RunId.Length: > 0 } ? request : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
