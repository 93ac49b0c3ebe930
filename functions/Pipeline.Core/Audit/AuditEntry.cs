namespace Pipeline.Audit;

/// <summary>What a caller wants recorded; the ledger adds sequence, time and the chain hashes.</summary>
public sealed record AuditEntry(string Kind, string? DocumentId, string? Sha256, string Detail);
