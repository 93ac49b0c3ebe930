using Pipeline.Validation;

namespace Pipeline.Ingest;

public sealed record IngestResult(
    IngestOutcome Outcome,
    string IntakeBlob,
    string? CaseId = null,
    string? DocumentId = null,
    string? Sha256 = null,
    string? EvidenceBlob = null,
    string? QuarantineBlob = null,
    IReadOnlyList<RejectionReason>? Reasons = null);
