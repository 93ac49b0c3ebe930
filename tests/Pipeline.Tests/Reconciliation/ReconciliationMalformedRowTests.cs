using Azure.Data.Tables;
using Pipeline.Index;
using Pipeline.Reconciliation;
using Pipeline.Storage;

namespace Pipeline.Tests.Reconciliation;

/// <summary>Issue 6, failure 3: no row, record or checkpoint shape can stop a run; one bad entity costs one anomaly.</summary>
public sealed class ReconciliationMalformedRowTests : ReconciliationTestBase
{
    [Fact]
    public async Task RunAsync_LengthRewrittenAsInt32_OneMalformedRowAndTheRestReconciled()
    {
        var rows = await CleanCaseAsync("MR1", 3);
        // What the JS table SDK writes for a plain number: Edm.Int32.
        await Forgery.EditRowAsync(Storage, "MR1", rows[0].RowKey, new Dictionary<string, object> { [nameof(DocumentRecord.Length)] = (int)rows[0].Length });
        await Storage.Evidence.GetBlobClient(rows[2].EvidenceBlob).DeleteAsync();

        var first = await ReconcileAsync();
        var second = await ReconcileAsync();

        foreach (var report in new[] { first, second })
        {
            Assert.Equal(2, report.Anomalies.Count);
            var malformed = report.Anomalies.Single(a => a.Kind == AnomalyKinds.MalformedRow);
            Assert.Equal(("MR1", rows[0].DocumentId), (malformed.CaseId, malformed.DocumentId));
            Assert.Contains($"MR1/{rows[0].RowKey}: Length is Int32, expected Int64", malformed.Detail, StringComparison.Ordinal);
            Assert.Equal(rows[2].DocumentId, report.Anomalies.Single(a => a.Kind == AnomalyKinds.Missing).DocumentId);
        }
    }

    [Fact]
    public async Task RunAsync_ExtraMissingOversizedAndUnknownRows_EachOneMalformedRow()
    {
        var rows = await CleanCaseAsync("MR2", 3);
        await Forgery.EditRowAsync(Storage, "MR2", rows[0].RowKey, new Dictionary<string, object> { ["Note"] = "added in Storage Explorer" });
        var stripped = (await Storage.Documents.GetEntityAsync<TableEntity>("MR2", rows[1].RowKey)).Value;
        stripped.Remove(nameof(DocumentRecord.FileName));
        await Storage.Documents.UpdateEntityAsync(stripped, Azure.ETag.All, TableUpdateMode.Replace);
        await Forgery.EditRowAsync(Storage, "MR2", rows[2].RowKey, new Dictionary<string, object> { [nameof(DocumentRecord.Sha256)] = new string('f', 65) });
        await Storage.Documents.AddEntityAsync(new TableEntity("MR2", "~notes") { ["Text"] = "hello" });

        var report = await ReconcileAsync();

        Assert.All(report.Anomalies, a => Assert.Equal(AnomalyKinds.MalformedRow, a.Kind));
        Assert.Equal(4, report.Anomalies.Count);
        Assert.Contains(report.Anomalies, a => a.DocumentId == rows[0].DocumentId && a.Detail.Contains("Note is not a property", StringComparison.Ordinal));
        Assert.Contains(report.Anomalies, a => a.DocumentId == rows[1].DocumentId && a.Detail.Contains("FileName is missing", StringComparison.Ordinal));
        Assert.Contains(report.Anomalies, a => a.DocumentId == rows[2].DocumentId && a.Detail.Contains("Sha256 is 65 characters long", StringComparison.Ordinal));
        Assert.Contains(report.Anomalies, a => a.Detail.Contains("MR2/~notes is of no kind", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_AuditRecordAndHeadRetyped_MalformedRowsAndTheChainStillChecked()
    {
        await CleanCaseAsync("MR3", 2);
        await Forgery.EditRowAsync(Storage, "MR3", DocumentRowKeys.Audit(1), new Dictionary<string, object> { ["Sequence"] = 1 });
        await Forgery.EditRowAsync(Storage, "MR3", DocumentRowKeys.CaseHead, new Dictionary<string, object> { ["LastHash"] = 42 });

        var report = await ReconcileAsync();

        Assert.Equal(2, report.Anomalies.Count);
        Assert.All(report.Anomalies, a => Assert.Equal(AnomalyKinds.MalformedRow, a.Kind));
        Assert.Contains(report.Anomalies, a => a.Detail.Contains("audit record row MR3/~audit~000000000001: Sequence is Int32", StringComparison.Ordinal));
        Assert.Contains(report.Anomalies, a => a.Detail.Contains("chain head row MR3/~head: LastHash is Int32, expected String", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_CheckpointNotJson_NewRunReportsItAndCompletes()
    {
        await CleanCaseAsync("MR4", 1);
        var started = await Reconciliation.RunAsync(new ReconciliationRequest(ForceNew: true));
        await Storage.Reports.GetBlobClient("runs/current.json").UploadAsync(BinaryData.FromString("{\"runId\": 7"), overwrite: true);
        await Storage.Reports.GetBlobClient("runs/last-complete.json").UploadAsync(BinaryData.FromString("[]"), overwrite: true);

        var report = await ReconcileAsync(new ReconciliationRequest());

        Assert.NotEqual(started.RunId, report.RunId);
        Assert.Equal(2, report.Anomalies.Count);
        Assert.All(report.Anomalies, a => Assert.Equal(AnomalyKinds.MalformedRow, a.Kind));
        Assert.Contains(report.Anomalies, a => a.Blob == "runs/current.json");
        Assert.Contains(report.Anomalies, a => a.Blob == "runs/last-complete.json");
    }
}
