namespace Pipeline.Audit;

/// <summary>
/// What a caller wants recorded; the ledger adds sequence, time and the chain hashes. <paramref name="Facts"/> is the
/// document's state after the event (see <see cref="Index.DocumentFacts"/>) on every event that creates or changes its row.
/// </summary>
public sealed record AuditEntry(string Kind, string? DocumentId, string? Sha256, string Detail, string? Facts = null);
