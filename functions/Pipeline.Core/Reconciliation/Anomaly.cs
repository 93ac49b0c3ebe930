using System.Text.Json.Serialization;

namespace Pipeline.Reconciliation;

/// <summary>
/// One finding of a reconciliation run. <see cref="Blob"/> is a name inside <see cref="Container"/>: the same name can
/// exist in intake, evidence and quarantine, so the container says which one is meant.
/// </summary>
public sealed record Anomaly(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("caseId")] string? CaseId,
    [property: JsonPropertyName("documentId")] string? DocumentId,
    [property: JsonPropertyName("blob")] string? Blob,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("container")] string? Container = null);
