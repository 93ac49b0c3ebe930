using Azure.Data.Tables;
using Pipeline.Audit;
using Pipeline.Index;
using Pipeline.Storage;

namespace Pipeline.Tests.Storage;

public sealed class TableRowReaderTests
{
    [Fact]
    public void Read_RowAsThePipelineWritesIt_WellFormedAndEveryPropertySet()
    {
        var entity = DocumentEntity();

        var read = TableRowReader.Read<DocumentRecord>(entity);

        Assert.True(read.IsWellFormed, string.Join("; ", read.Problems));
        Assert.Equal((12L, "a.txt", DocumentStates.Verified), (read.Row.Length, read.Row.FileName, read.Row.State));
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), read.Row.UploadedAt);
    }

    [Fact]
    public void Read_LengthAsInt32_ProblemNamesPropertyAndTypesAndTheRestIsRead()
    {
        var entity = DocumentEntity();
        // Removed first: TableEntity's indexer keeps an existing property's type.
        entity.Remove("Length");
        entity["Length"] = 12;

        var read = TableRowReader.Read<DocumentRecord>(entity);

        var problem = Assert.Single(read.Problems);
        Assert.Equal("Length is Int32, expected Int64", problem.ToString());
        Assert.Equal("a.txt", read.Row.FileName);
        Assert.Equal("document row C1/d1: Length is Int32, expected Int64", read.Describe("document"));
    }

    [Fact]
    public void Read_MissingExtraAndOversizedProperties_EachNamed()
    {
        var entity = DocumentEntity();
        entity.Remove("FileName");
        entity["Note"] = "added by hand";
        entity["ContentType"] = new string('x', TableRowReader.DefaultMaxStringLength + 1);

        var read = TableRowReader.Read<DocumentRecord>(entity);

        Assert.Equal(
            ["ContentType", "FileName", "Note"],
            read.Problems.Select(p => p.Property).Order(StringComparer.Ordinal));
        Assert.Contains(read.Problems, p => p.Property == "FileName" && p.Problem == "is missing");
        Assert.Contains(read.Problems, p => p.Property == "Note" && p.Problem.StartsWith("is not a property", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_AuditRecordWithoutFacts_WellFormedBecauseFactsAreOptional()
    {
        var entity = new TableEntity("C1", DocumentRowKeys.Audit(1))
        {
            ["Sequence"] = 1L, ["Kind"] = AuditKinds.DocumentIngested, ["DocumentId"] = "d1", ["Sha256"] = new string('a', 64),
            ["Detail"] = "x", ["RecordedAt"] = DateTimeOffset.UnixEpoch, ["PreviousHash"] = AuditHash.Genesis, ["Hash"] = "h",
        };

        var read = TableRowReader.Read<AuditRecord>(entity);

        Assert.True(read.IsWellFormed, string.Join("; ", read.Problems));
        Assert.Null(read.Row.Facts);
    }

    private static TableEntity DocumentEntity() => new("C1", "d1")
    {
        ["Sha256"] = new string('a', 64), ["Md5"] = "bWQ1", ["Length"] = 12L, ["ContentType"] = "text/plain", ["FileName"] = "a.txt",
        ["EvidenceBlob"] = "C1/d1/a.txt", ["EvidenceETag"] = "\"0x1\"", ["State"] = DocumentStates.Verified, ["UploadedBy"] = "portal",
        ["UploadedAt"] = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), ["IngestedAt"] = DateTimeOffset.UnixEpoch,
        ["IntakeBlob"] = "C1/d1/a.txt", ["CheckEnqueued"] = true, ["CaseId"] = "C1", ["DocumentId"] = "d1",
    };
}
