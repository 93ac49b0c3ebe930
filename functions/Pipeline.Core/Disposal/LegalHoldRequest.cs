namespace Pipeline.Disposal;

/// <summary>Set (or clear) the legal hold on <paramref name="CaseId"/>: who asks (<paramref name="Actor"/>) and why.</summary>
public sealed record LegalHoldRequest(string CaseId, string Reason, string Actor);
