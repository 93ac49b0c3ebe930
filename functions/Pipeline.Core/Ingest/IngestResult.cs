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
    IReadOnlyList<RejectionReason>? Reasons = null)
{
    /// <summary>
    /// The upload ended in evidence or quarantine (or was recorded as such); false for a repeat, a blob that is gone, or a
    /// failure. A pass that handled nothing made no progress, whatever it tried.
    /// </summary>
    public bool Handled => Outcome is IngestOutcome.Accepted or IngestOutcome.Duplicate or IngestOutcome.Rejected or IngestOutcome.Conflict;
}
