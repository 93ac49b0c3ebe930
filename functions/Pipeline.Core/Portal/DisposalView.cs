using System.Text.Json.Serialization;

namespace Pipeline.Portal;

/// <summary>What a disposal did: <c>Disposed</c> or <c>AlreadyDisposed</c>, and the audit record written (none when already disposed).</summary>
public sealed record DisposalView(
    [property: JsonPropertyName("caseId")] string CaseId,
    [property: JsonPropertyName("documentId")] string DocumentId,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("auditSequence")] long? AuditSequence);
