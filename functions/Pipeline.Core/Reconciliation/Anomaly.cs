using System.Text.Json.Serialization;

namespace Pipeline.Reconciliation;

/// <summary>One finding of a reconciliation run.</summary>
public sealed record Anomaly(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("caseId")] string? CaseId,
    [property: JsonPropertyName("documentId")] string? DocumentId,
    [property: JsonPropertyName("blob")] string? Blob,
    [property: JsonPropertyName("detail")] string Detail);
