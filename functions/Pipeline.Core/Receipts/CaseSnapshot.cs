using Pipeline.Index;

namespace Pipeline.Receipts;

/// <summary>A case read at one audit-chain head: its verified Merkle log and its document rows.</summary>
public sealed record CaseSnapshot(string CaseId, ChainHead AuditHead, CaseLog Log, IReadOnlyDictionary<string, DocumentRecord> Rows);
