using Azure;
using Azure.Data.Tables;
using Pipeline.Audit;
using Pipeline.Reconciliation;
using Pipeline.Storage;

namespace Pipeline.Tests.Reconciliation;

/// <summary>With a chain key configured, an insider who can write the table cannot rewrite a chain consistently.</summary>
public sealed class KeyedChainReconciliationTests : ReconciliationTestBase
{
    private static readonly string Key = Convert.ToBase64String(Enumerable.Range(7, 32).Select(i => (byte)i).ToArray());

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Pipeline:Audit:ChainKey", Key),
        new("Pipeline:Audit:ChainKeyId", "2026-11"),
    ];

    [Fact]
    public async Task IngestAsync_KeyConfigured_RecordsCarryKeyIdAndReconcileClean()
    {
        await CleanCaseAsync("K1", 2);

        Assert.All(await AuditAsync("K1"), record => Assert.Equal("2026-11", record.KeyId));
        Assert.True((await ReconcileAsync()).Clean);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_ChainRewrittenWithSha256RecomputedWithoutKey_ChainBroken(bool dropKeyId)
    {
        // The previous run keyed the chain, and this case was never anchored: only the key can tell.
        await CleanCaseAsync("K0", 1);
        Assert.True((await ReconcileAsync()).Clean);
        await CleanCaseAsync("K2", 2);
        var records = await AuditAsync("K2");
        var previous = AuditHash.Genesis;
        foreach (var record in records)
        {
            record.Detail += " (rewritten)";
            record.PreviousHash = previous;
            record.KeyId = dropKeyId ? null : record.KeyId;
            record.Hash = AuditHash.Compute("K2", record);
            previous = record.Hash;
            await Storage.Documents.UpdateEntityAsync(record, ETag.All, TableUpdateMode.Replace);
        }

        await Storage.Documents.UpsertEntityAsync(
            new CaseHead { PartitionKey = "K2", RowKey = DocumentRowKeys.CaseHead, Sequence = records[^1].Sequence, LastHash = previous }, TableUpdateMode.Replace);

        var report = await ReconcileAsync();

        var anomaly = Assert.Single(report.Anomalies);
        Assert.Equal((AnomalyKinds.ChainBroken, "K2"), (anomaly.Kind, anomaly.CaseId));
        Assert.Contains(dropKeyId ? "is not keyed" : "was altered", anomaly.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_RecordClaimsUnknownKeyId_ChainBrokenNotCrash()
    {
        await CleanCaseAsync("K3", 1);
        var record = (await AuditAsync("K3"))[0];
        record.KeyId = "stolen";
        await Storage.Documents.UpdateEntityAsync(record, ETag.All, TableUpdateMode.Replace);

        var report = await ReconcileAsync();

        var anomaly = Assert.Single(report.Anomalies);
        Assert.Equal((AnomalyKinds.ChainBroken, "K3"), (anomaly.Kind, anomaly.CaseId));
        Assert.Contains("key id 'stolen', which is not configured", anomaly.Detail, StringComparison.Ordinal);
    }
}
