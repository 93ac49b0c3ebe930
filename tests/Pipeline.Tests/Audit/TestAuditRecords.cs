using Pipeline.Audit;
using Pipeline.Storage;

namespace Pipeline.Tests.Audit;

/// <summary>Audit records as the ledger writes them, for tests that build chains by hand (the hash is left to the caller).</summary>
internal static class TestAuditRecords
{
    /// <summary>A <see cref="AuditKinds.DocumentIngested"/> record of <c>doc-{sequence}</c>, linked to <paramref name="previousHash"/>.</summary>
    public static AuditRecord Ingested(string caseId, long sequence, string previousHash, char digest, DateTimeOffset recordedAt) => new()
    {
        PartitionKey = caseId,
        RowKey = DocumentRowKeys.Audit(sequence),
        Sequence = sequence,
        Kind = AuditKinds.DocumentIngested,
        DocumentId = $"doc-{sequence}",
        Sha256 = new string(digest, 64),
        Detail = $"document {sequence}",
        RecordedAt = recordedAt,
        PreviousHash = previousHash,
    };
}
