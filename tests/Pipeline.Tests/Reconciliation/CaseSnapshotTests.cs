using Azure.Data.Tables;
using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Reconciliation;

namespace Pipeline.Tests.Reconciliation;

/// <summary>
/// The range scan's snapshot of a case is used only when it is consistent in itself; a write between two pages of the
/// scan (or tampering) makes it fall back to the ordered per-case read, never to a finding of its own.
/// </summary>
public sealed class CaseSnapshotTests : ReconciliationTestBase
{
    [Fact]
    public async Task TryGetChain_CaseNobodyWroteTo_HeadAndEveryRecord()
    {
        await CleanCaseAsync("SN1", 3);

        var snapshot = await SnapshotAsync("SN1");

        Assert.True(snapshot.TryGetChain(out var head, out var records));
        Assert.Equal(head!.Row.Sequence, records.Count);
        Assert.Equal(3, snapshot.Rows.Count(r => r.RowKey.StartsWith("doc-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TryGetChain_HeadReadAfterRecordsAppended_False()
    {
        await CleanCaseAsync("SN2", 2);
        var before = await SnapshotAsync("SN2");
        await AddDocumentAsync("SN2", "doc-late");
        var after = await SnapshotAsync("SN2");

        // Records from the earlier page, the head from a later one.
        var mixed = Mix("SN2", rows: before.Rows, records: before.Records, head: after.Head!);

        Assert.False(mixed.TryGetChain(out _, out _));
    }

    [Fact]
    public async Task TryGetChain_RecordsAppendedAfterHeadWasRead_OnlyThoseUpToHead()
    {
        await CleanCaseAsync("SN3", 2);
        var before = await SnapshotAsync("SN3");
        await AddDocumentAsync("SN3", "doc-late");
        var after = await SnapshotAsync("SN3");

        var mixed = Mix("SN3", rows: before.Rows, records: after.Records, head: before.Head!);

        Assert.True(mixed.TryGetChain(out var head, out var records));
        Assert.Equal(head!.Row.Sequence, records.Count);
        Assert.True(after.Records.Count > records.Count);
    }

    [Fact]
    public async Task TryGetChain_DocumentRowWithoutArrivalRecordUpToHead_False()
    {
        await CleanCaseAsync("SN4", 2);
        var before = await SnapshotAsync("SN4");
        await AddDocumentAsync("SN4", "doc-late");
        var after = await SnapshotAsync("SN4");

        var mixed = Mix("SN4", rows: after.Rows, records: before.Records, head: before.Head!);

        Assert.False(mixed.TryGetChain(out _, out _));
    }

    [Fact]
    public async Task TryGetChain_RecordMissingInTheMiddle_False()
    {
        await CleanCaseAsync("SN5", 3);
        var snapshot = await SnapshotAsync("SN5");

        var gapped = Mix("SN5", snapshot.Rows, snapshot.Records.Where((_, i) => i != 1), snapshot.Head!);

        Assert.False(gapped.TryGetChain(out _, out _));
    }

    [Fact]
    public async Task NextAsync_CaseOverTheRowLimit_HandedOutTruncatedAndTheNextCaseWhole()
    {
        await CleanCaseAsync("SN6A", 3);
        await CleanCaseAsync("SN6B", 1);

        await using var reader = new CaseSnapshotReader(Get<DocumentIndex>(), after: null, through: null, maxRowsPerCase: 5);
        var big = await reader.NextAsync();
        var small = await reader.NextAsync();
        var end = await reader.NextAsync();

        Assert.Equal(("SN6A", true), (big!.CaseId, big.Truncated));
        Assert.False(big.TryGetChain(out _, out _));
        Assert.Equal(("SN6B", false), (small!.CaseId, small.Truncated));
        Assert.True(small.TryGetChain(out _, out _));
        Assert.Null(end);
    }

    [Fact]
    public async Task NextAsync_Range_OnlyCasesAfterAndThrough()
    {
        foreach (var caseId in new[] { "SN7A", "SN7B", "SN7C", "SN7D" })
        {
            await CleanCaseAsync(caseId, 1);
        }

        await using var reader = new CaseSnapshotReader(Get<DocumentIndex>(), after: "SN7A", through: "SN7C", maxRowsPerCase: 100);
        var seen = new List<string>();
        while (await reader.NextAsync() is { } snapshot)
        {
            seen.Add(snapshot.CaseId);
        }

        Assert.Equal(["SN7B", "SN7C"], seen);
    }

    private async Task AddDocumentAsync(string caseId, string uploadId) =>
        Assert.Equal(IngestOutcome.Accepted, (await Get<IngestService>().IngestAsync(await UploadTextAsync(caseId, uploadId, $"{caseId} {uploadId}"))).Outcome);

    private async Task<CaseSnapshot> SnapshotAsync(string caseId)
    {
        await using var reader = new CaseSnapshotReader(Get<DocumentIndex>(), after: null, through: null, maxRowsPerCase: 10_000);
        while (await reader.NextAsync() is { } snapshot)
        {
            if (snapshot.CaseId == caseId)
            {
                return snapshot;
            }
        }

        throw new InvalidOperationException($"case {caseId} has no rows");
    }

    private static CaseSnapshot Mix(string caseId, IEnumerable<TableEntity> rows, IEnumerable<TableEntity> records, TableEntity head)
    {
        var snapshot = new CaseSnapshot(caseId);
        foreach (var entity in rows.Concat(records).Append(head))
        {
            snapshot.Add(entity);
        }

        return snapshot;
    }
}
