using Azure.Data.Tables;
using Pipeline.Audit;
using Pipeline.Index;
using Pipeline.Reconciliation;
using Pipeline.Storage;

namespace Pipeline.Tests.Reconciliation;

/// <summary>Tampering that leaves a self-consistent chain is caught by comparing with the head the last run saw.</summary>
public sealed class ReconciliationAnchorTests : ReconciliationTestBase
{
    [Fact]
    public async Task RunAsync_TailDeletedAndHeadRewrittenToMatch_ChainBrokenEveryNightAfter()
    {
        await CleanCaseAsync("A1", 3);
        Assert.True((await ReconcileAsync()).Clean);
        var audit = await AuditAsync("A1");
        var last = audit[^1];
        var previous = audit[^2];
        await Storage.Documents.DeleteEntityAsync("A1", last.RowKey);
        await Storage.Documents.UpsertEntityAsync(
            new CaseHead { PartitionKey = "A1", RowKey = DocumentRowKeys.CaseHead, Sequence = previous.Sequence, LastHash = previous.Hash },
            TableUpdateMode.Replace);

        var first = await ReconcileAsync();
        var second = await ReconcileAsync();

        Assert.Contains(first.Anomalies, a => a.Kind == AnomalyKinds.ChainBroken && a.CaseId == "A1" && a.Detail.Contains("cut back", StringComparison.Ordinal));
        Assert.Contains(second.Anomalies, a => a.Kind == AnomalyKinds.ChainBroken && a.CaseId == "A1" && a.Detail.Contains("cut back", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_ChainRewrittenWithValidHashes_ChainBroken()
    {
        await CleanCaseAsync("A2", 2);
        Assert.True((await ReconcileAsync()).Clean);
        var audit = await AuditAsync("A2");
        var previousHash = audit[0].Hash;
        foreach (var record in audit.Skip(1))
        {
            record.Detail += " (edited)";
            record.PreviousHash = previousHash;
            record.Hash = AuditHash.Compute("A2", record);
            previousHash = record.Hash;
            await Storage.Documents.UpdateEntityAsync(record, Azure.ETag.All, TableUpdateMode.Replace);
        }

        await Storage.Documents.UpsertEntityAsync(
            new CaseHead { PartitionKey = "A2", RowKey = DocumentRowKeys.CaseHead, Sequence = audit[^1].Sequence, LastHash = previousHash },
            TableUpdateMode.Replace);

        var report = await ReconcileAsync();

        var anomaly = Assert.Single(report.Anomalies);
        Assert.Equal((AnomalyKinds.ChainBroken, "A2"), (anomaly.Kind, anomaly.CaseId));
        Assert.Contains($"audit record {audit[^1].Sequence} is not the one", anomaly.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WholeCaseDeleted_ChainBrokenEveryRunAfter()
    {
        var rows = await CleanCaseAsync("A3", 2);
        await CleanCaseAsync("A4", 1);
        Assert.True((await ReconcileAsync()).Clean);
        await foreach (var entity in Storage.Documents.QueryAsync<TableEntity>(e => e.PartitionKey == "A3"))
        {
            await Storage.Documents.DeleteEntityAsync(entity.PartitionKey, entity.RowKey);
        }

        foreach (var row in rows)
        {
            await Storage.Evidence.GetBlobClient(row.EvidenceBlob).DeleteAsync();
        }

        var report = await ReconcileAsync();

        Assert.Contains(report.Anomalies, a => a.Kind == AnomalyKinds.ChainBroken && a.CaseId == "A3" && a.Detail.Contains("no rows at all", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Anomalies, a => a.CaseId == "A4");

        // Not a one-off: an ad-hoc run in between must not use up the only report of a deleted case.
        var again = await ReconcileAsync();
        var vanished = Assert.Single(again.Anomalies, a => a.CaseId == "A3" && a.Kind == AnomalyKinds.ChainBroken);
        Assert.Contains("no rows at all", vanished.Detail, StringComparison.Ordinal);
        Assert.Single((await ReconcileAsync()).Anomalies, a => a.CaseId == "A3" && a.Kind == AnomalyKinds.ChainBroken);
    }
}
