namespace Pipeline.Disposal;

/// <param name="AuditSequence">The audit record written (the disposal, or the refusal), if any.</param>
public sealed record DisposalResult(DisposalOutcome Outcome, string Detail, long? AuditSequence = null);
