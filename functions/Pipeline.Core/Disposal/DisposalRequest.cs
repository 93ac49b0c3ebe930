namespace Pipeline.Disposal;

/// <summary>Remove <paramref name="DocumentId"/> from <paramref name="CaseId"/>: who asks (<paramref name="Actor"/>) and why.</summary>
public sealed record DisposalRequest(string CaseId, string DocumentId, string Reason, string Actor);
