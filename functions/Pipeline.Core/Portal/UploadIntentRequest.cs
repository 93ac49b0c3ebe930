using System.Text.Json.Serialization;

namespace Pipeline.Portal;

/// <summary>The body of <c>POST /api/cases/{caseId}/uploads</c>: what the portal is about to upload.</summary>
public sealed record UploadIntentRequest(
    [property: JsonPropertyName("fileName")] string? FileName,
    [property: JsonPropertyName("contentType")] string? ContentType,
    [property: JsonPropertyName("length")] long? Length,
    [property: JsonPropertyName("sha256")] string? Sha256,
    [property: JsonPropertyName("documentType")] string? DocumentType = null);
