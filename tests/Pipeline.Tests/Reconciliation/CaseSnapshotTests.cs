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

    /// <summary>
    /// Parts of one case read before and after a third document was ingested, as two pages of the scan could be: only
    /// records newer than the head are harmless (they are tomorrow's); a newer head or a newer row is not consistent.
    /// </summary>
    [Theory]
    [InlineData("SN2", false, false, true, false)]
    [InlineData("SN3", false, true, false, true)]
    [InlineData("SN4", true, false, false, false)]
    public async Task TryGetChain_PartsReadAroundALateDocument_ConsistentOnlyWhenNothingButRecordsIsNewer(
        string caseId, bool rowsLate, bool recordsLate, bool headLate, bool consistent)
    {
        var (before, after) = await BeforeAndAfterALateDocumentAsync(caseId);

        var mixed = Mix(
            caseId,
            rows: (rowsLate ? after : before).Rows,
            records: (recordsLate ? after : before).Records,
            head: (headLate ? after : before).Head!);

        Assert.Equal(consistent, mixed.TryGetChain(out var head, out var records));
        if (consistent)
        {
            Assert.Equal(head!.Row.Sequence, records.Count);
            Assert.True(after.Records.Count > records.Count);
        }
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

    /// <summary>Snapshots of a case of two documents before and after a third one is ingested.</summary>
    private async Task<(CaseSnapshot Before, CaseSnapshot After)> BeforeAndAfterALateDocumentAsync(string caseId)
    {
        await CleanCaseAsync(caseId, 2);
        var before = await SnapshotAsync(caseId);
        var late = await Get<IngestService>().IngestAsync(await UploadTextAsync(caseId, "doc-late", $"{caseId} late document"));
        Assert.Equal(IngestOutcome.Accepted, late.Outcome);
        return (before, await SnapshotAsync(caseId));
    }

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
