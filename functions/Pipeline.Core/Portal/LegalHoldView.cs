using System.Text.Json.Serialization;

namespace Pipeline.Portal;

/// <summary>A case's legal hold as the portal API answers it; <see cref="Outcome"/>, <see cref="Mirror"/> and <see cref="Warning"/> only after a change.</summary>
public sealed record LegalHoldView(
    [property: JsonPropertyName("caseId")] string CaseId,
    [property: JsonPropertyName("set")] bool Set,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("actor")] string? Actor,
    [property: JsonPropertyName("since")] DateTimeOffset? Since,
    [property: JsonPropertyName("outcome"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Outcome,
    [property: JsonPropertyName("mirror"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Mirror,
    [property: JsonPropertyName("warning"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Warning);
