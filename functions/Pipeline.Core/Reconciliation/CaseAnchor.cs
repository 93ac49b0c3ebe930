using System.Text.Json.Serialization;

namespace Pipeline.Reconciliation;

/// <summary>
/// A case's chain head as one run saw it. The next run checks the chain still passes through it: a chain cut back
/// (tail records deleted and the head rewritten to match), rewritten, or deleted with its case is then detected.
/// </summary>
public sealed record CaseAnchor(
    [property: JsonPropertyName("caseId")] string CaseId,
    [property: JsonPropertyName("sequence")] long Sequence,
    [property: JsonPropertyName("hash")] string Hash);
