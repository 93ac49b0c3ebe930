using Pipeline.Index;
using Pipeline.Reconciliation;

namespace Pipeline.Tests.Reconciliation;

/// <summary>
/// Cases too large for a snapshot are read on their own, in the ordered per-case way, one case at a time: the findings
/// are the same as from the range scan.
/// </summary>
public sealed class ReconciliationLargeCaseTests : ReconciliationTestBase
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Pipeline:Reconciliation:CaseSnapshotMaxRows", "4"),
        new("Pipeline:Reconciliation:CasesAhead", "1"),
        new("Pipeline:Reconciliation:RehashConcurrency", "1"),
    ];

    [Fact]
    public async Task RunAsync_EveryCaseOverTheSnapshotLimit_FindingsAsFromTheScan()
    {
        var first = await CleanCaseAsync("LC1", 3);
        var second = await CleanCaseAsync("LC2", 3);
        await CleanCaseAsync("LC3", 2);
        await Storage.Evidence.GetBlobClient(first[0].EvidenceBlob!).DeleteAsync();
        await Forgery.EditRowAsync(Storage, "LC2", second[2].RowKey, new Dictionary<string, object> { [nameof(DocumentRecord.FileName)] = "renamed.txt" });

        var report = await ReconcileAsync(new ReconciliationRequest(ForceNew: true, Rehash: true));

        Assert.Equal(
            [(AnomalyKinds.IndexAltered, "LC2", second[2].DocumentId), (AnomalyKinds.Missing, "LC1", first[0].DocumentId)],
            report.Anomalies.Select(a => (a.Kind, a.CaseId, a.DocumentId)).Order().ToList());
        Assert.Equal(8, report.DocumentsChecked);
    }
}
