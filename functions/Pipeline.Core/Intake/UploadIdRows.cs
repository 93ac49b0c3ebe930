using Pipeline.Index;

namespace Pipeline.Intake;

/// <summary>What the documents table holds for one upload id: its document row and its upload intent, each null when absent.</summary>
public sealed record UploadIdRows(DocumentRecord? Document, UploadIntent? Intent);
