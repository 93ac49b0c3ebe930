using System.Text.Json.Serialization;

namespace Pipeline.Portal;

/// <summary>The body of the hold and disposal endpoints: why (recorded in the case's audit chain with the caller as actor).</summary>
public sealed record ReasonRequest([property: JsonPropertyName("reason")] string? Reason);
