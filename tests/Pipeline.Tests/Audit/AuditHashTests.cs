using Pipeline.Audit;

namespace Pipeline.Tests.Audit;

/// <summary>
/// Stored chains must keep verifying, so the encoding never changes: these vectors were computed independently of the
/// pipeline (Python's hashlib over the documented encoding, each field "{UTF-16 length}:{UTF-8 value}\n", a lone
/// surrogate as U+FFFD) and match what the chains written so far carry.
/// </summary>
public sealed class AuditHashTests
{
    private const string CaseId = "CASE-1";
    private const string Detail = "d\u00e9tail \U0001F642 lone \ud800 end\nline";
    private const string Facts = "{\"state\":\"Verified\",\"note\":\"\u00fc\"}";
    private static readonly DateTimeOffset RecordedAt = new DateTimeOffset(2026, 11, 27, 9, 0, 5, TimeSpan.Zero).AddTicks(1234567);

    [Fact]
    public void Compute_RecordWithoutFacts_V1Vector()
    {
        var record = Record(7, "DocumentIngested", "doc-\u00e9", string.Concat(Enumerable.Repeat("ab", 32)), Detail, AuditHash.Genesis, facts: null);

        Assert.Equal("c430696e0724d60bd4db6d7997dde6ad1615fdaf0ea50fc0ac4d32fa49a99bf8", AuditHash.Compute(CaseId, record));
    }

    [Fact]
    public void Compute_RecordWithFacts_V2Vector()
    {
        var record = Record(8, "DocumentVerified", documentId: null, sha256: null, "checked", string.Concat(Enumerable.Repeat("cd", 32)), Facts);

        Assert.Equal("094fe8a01c95533d9e5cef85f123c5000febad122b047f9dc37589b5f5ddc070", AuditHash.Compute(CaseId, record));
    }

    [Fact]
    public void ComputeKeyed_KeyedRecordWithFacts_V3Vector()
    {
        var record = Record(9, "DocumentVerified", "doc-\u00e9", string.Concat(Enumerable.Repeat("ab", 32)), Detail, string.Concat(Enumerable.Repeat("ef", 32)), Facts);
        record.KeyId = "k1";

        Assert.Equal("b140fed9c6b85a041ddcda147c309b1c622f9fcd8bdf2f99ed34ae47875f6915", AuditHash.ComputeKeyed(CaseId, record, Enumerable.Repeat((byte)0x11, 32).ToArray()));
    }

    [Fact]
    public void Compute_FactsLongerThanAnyPooledDefault_HashesWholeRecord()
    {
        var facts = new string('\u20ac', 40_000); // 3 UTF-8 bytes each
        var record = Record(1, "DocumentIngested", "d", "s", "x", AuditHash.Genesis, facts);
        var changed = Record(1, "DocumentIngested", "d", "s", "x", AuditHash.Genesis, facts[..^1] + "e");

        Assert.NotEqual(AuditHash.Compute(CaseId, record), AuditHash.Compute(CaseId, changed));
        Assert.Equal(AuditHash.Compute(CaseId, record), AuditHash.Compute(CaseId, Record(1, "DocumentIngested", "d", "s", "x", AuditHash.Genesis, facts)));
    }

    private static AuditRecord Record(long sequence, string kind, string? documentId, string? sha256, string detail, string previousHash, string? facts) => new()
    {
        Sequence = sequence,
        Kind = kind,
        DocumentId = documentId,
        Sha256 = sha256,
        Detail = detail,
        RecordedAt = RecordedAt,
        PreviousHash = previousHash,
        Facts = facts,
    };
}
