using Pipeline.Index;

namespace Pipeline.Receipts;

/// <summary>
/// A case read at one audit-chain head: its verified Merkle log, the facts each acceptance record states (hashed into
/// the chain, so they are what was accepted; absent for records written before payloads existed) and its document rows
/// (a cache anyone with table access can edit: read for what the chain does not say, never for what it does).
/// </summary>
public sealed record CaseSnapshot(
    string CaseId,
    ChainHead AuditHead,
    CaseLog Log,
    IReadOnlyDictionary<string, DocumentFacts> AcceptedFacts,
    IReadOnlyDictionary<string, DocumentRecord> Rows)
{
    /// <summary>The length the chain accepted the document with; null when its acceptance record predates payloads.</summary>
    public long? AcceptedLength(string documentId) =>
        AcceptedFacts.GetValueOrDefault(documentId) is { IsLegacy: false } facts ? facts.Length : null;
}
