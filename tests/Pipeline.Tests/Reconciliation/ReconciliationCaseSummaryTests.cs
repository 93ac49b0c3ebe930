using Pipeline.Reconciliation;

namespace Pipeline.Tests.Reconciliation;

/// <summary>The report's per-case counts: exact across phases and chunks, every case in the file, the worst first in the summary.</summary>
public sealed class ReconciliationCaseSummaryTests : ReconciliationTestBase
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("Pipeline:Reconciliation:CheckpointEveryUnits", "1")];

    [Fact]
    public async Task RunAsync_AnomaliesInSeveralPhasesAndChunks_CountedOncePerCase()
    {
        var c1 = await CleanCaseAsync("CS1", 3);
        var c2 = await CleanCaseAsync("CS2", 1);
        await Storage.Evidence.GetBlobClient(c1[0].EvidenceBlob).DeleteAsync();
        await Storage.Evidence.GetBlobClient(c1[1].EvidenceBlob).DeleteAsync();
        await Storage.Evidence.GetBlobClient(c2[0].EvidenceBlob).DeleteAsync();
        // CS1 also gets an intake-phase anomaly (a stuck upload), found in a later chunk than its index-phase ones.
        await UploadTextAsync("CS1", "never-triggered", "missed");
        Time.Advance(TimeSpan.FromMinutes(16));

        var summary = await Reconciliation.RunAsync(new ReconciliationRequest(ForceNew: true));
        var stored = (await Get<ReconciliationRunStore>().ReadReportAsync(summary.RunId))!;

        Assert.Equal(2, summary.CasesWithAnomalies);
        Assert.Equal(["CS1", "CS2"], summary.Cases.Select(c => c.CaseId));
        var cs1 = summary.Cases[0];
        Assert.Equal(2, cs1.Counts[AnomalyKinds.Missing]);
        Assert.Equal(1, cs1.Counts[AnomalyKinds.Stuck]);
        Assert.Equal(3, cs1.Total);
        Assert.Equal(1, summary.Cases[1].Total);
        Assert.Equal(["CS1", "CS2"], stored.Cases.Select(c => c.CaseId));
        Assert.Equal(2, stored.CasesWithAnomalies);
        Assert.Equal(summary.AnomalyCount, stored.Cases.Sum(c => c.Total));
    }

    [Fact]
    public async Task RunAsync_MoreCasesThanTheSummaryKeeps_FileListsAllSummaryTheWorst()
    {
        var total = ReconciliationReport.TopCases + 5;
        for (var i = 0; i < total; i++)
        {
            // A stray blob per unknown case: one untracked anomaly each; case T000 gets a second one.
            await Storage.Evidence.GetBlobClient($"T{i:D3}/stray/x.bin").UploadAsync(BinaryData.FromString("x"));
        }

        await Storage.Evidence.GetBlobClient("T000/stray/y.bin").UploadAsync(BinaryData.FromString("y"));
        Time.Advance(TimeSpan.FromMinutes(16));

        var summary = await Reconciliation.RunAsync(new ReconciliationRequest(ForceNew: true));
        var stored = (await Get<ReconciliationRunStore>().ReadReportAsync(summary.RunId))!;

        Assert.Equal(total, summary.CasesWithAnomalies);
        Assert.Equal(ReconciliationReport.TopCases, summary.Cases.Count);
        Assert.Equal("T000", summary.Cases[0].CaseId);
        Assert.Equal(2, summary.Cases[0].Total);
        Assert.Equal(total, stored.Cases.Count);
        Assert.Equal(Enumerable.Range(0, total).Select(i => $"T{i:D3}"), stored.Cases.Select(c => c.CaseId));
    }
}
