namespace Pipeline.Validation;

/// <summary>Everything known about an upload without reading its bytes.</summary>
/// <param name="BlobName">The intake blob name, "{caseId}/{uploadId}/{fileName}".</param>
/// <param name="ContentType">The Content-Type the portal declared, possibly with parameters.</param>
/// <param name="Length">The blob length in bytes.</param>
/// <param name="Metadata">The blob metadata; keys are matched case-insensitively.</param>
public sealed record UploadEnvelope(string BlobName, string? ContentType, long Length, IReadOnlyDictionary<string, string> Metadata);
