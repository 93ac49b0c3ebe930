using Pipeline.Audit;
using Pipeline.Index;
using Pipeline.Storage;

namespace Pipeline.Tests.Audit;

public sealed class AuditChainVerifierTests
{
    private const string CaseId = "FD24P00999";

    [Fact]
    public void Verify_IntactChain_NoBreak()
    {
        var (records, head) = Chain(5);

        Assert.Null(Verify(records, head));
    }

    [Fact]
    public void Verify_EditedDetail_BreakNamesTheRecord()
    {
        var (records, head) = Chain(5);
        records[2].Detail = "a quieter version of events";

        Assert.Equal("audit record 3 was altered (its hash does not match its content)", Verify(records, head));
    }

    [Fact]
    public void Verify_EditedAndRehashedRecord_BreakAtTheNextLink()
    {
        var (records, head) = Chain(5);
        records[2].Detail = "rewritten";
        records[2].Hash = AuditHash.Compute(CaseId, records[2]);

        Assert.Equal("audit record 4 does not link to record 3", Verify(records, head));
    }

    [Fact]
    public void Verify_MiddleRecordDeleted_GapReported()
    {
        var (records, head) = Chain(5);
        records.RemoveAt(1);

        Assert.Equal("audit record 2 is missing (next present is 3)", Verify(records, head));
    }

    [Fact]
    public void Verify_TailRecordDeleted_HeadReportsIt()
    {
        var (records, head) = Chain(5);
        records.RemoveAt(4);

        Assert.Equal("audit records 5 to 5 are missing", Verify(records, head));
    }

    [Fact]
    public void Verify_HeadDeleted_Reported()
    {
        var (records, _) = Chain(3);

        Assert.Equal("the case head is missing", Verify(records, null));
    }

    [Fact]
    public void Verify_RecordMovedToOtherCase_HashFails()
    {
        var (records, head) = Chain(2);
        var verifier = new AuditChainVerifier("ANOTHER-CASE");
        records.ForEach(verifier.Add);
        verifier.Complete(head);

        Assert.Equal("audit record 1 was altered (its hash does not match its content)", verifier.Break);
    }

    [Fact]
    public void Verify_EmptyCase_NoBreak()
    {
        Assert.Null(Verify([], null));
    }

    private static string? Verify(List<AuditRecord> records, CaseHead? head)
    {
        var verifier = new AuditChainVerifier(CaseId);
        records.ForEach(verifier.Add);
        verifier.Complete(head);
        return verifier.Break;
    }

    private static (List<AuditRecord> Records, CaseHead Head) Chain(int length)
    {
        var records = new List<AuditRecord>();
        var previous = AuditHash.Genesis;
        for (var sequence = 1; sequence <= length; sequence++)
        {
            var record = TestAuditRecords.Ingested(CaseId, sequence, previous, 'e', new DateTimeOffset(2026, 11, 26, 12, 0, sequence, TimeSpan.Zero));
            record.Hash = AuditHash.Compute(CaseId, record);
            previous = record.Hash;
            records.Add(record);
        }

        return (records, new CaseHead { PartitionKey = CaseId, RowKey = DocumentRowKeys.CaseHead, Sequence = length, LastHash = previous });
    }
}
