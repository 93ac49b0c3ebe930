using Azure;

namespace Pipeline.EvidenceStore;

/// <summary>The result of a create-only write to the evidence container.</summary>
public sealed record EvidenceWrite(EvidenceWriteStatus Status, string BlobName, ETag ETag, string? ExistingSha256);
