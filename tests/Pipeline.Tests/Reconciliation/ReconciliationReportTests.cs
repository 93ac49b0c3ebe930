using Pipeline.Reconciliation;

namespace Pipeline.Tests.Reconciliation;

/// <summary>What operations read: every anomaly names its case, its document and the container its blob is in.</summary>
public sealed class ReconciliationReportTests : ReconciliationTestBase
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("Pipeline:Reconciliation:CheckpointEveryUnits", "1")];

    [Fact]
    public async Task RunAsync_AnomaliesInEvidenceAndIntake_EachNamesItsContainer()
    {
        var rows = await CleanCaseAsync("P1", 2);
        await CleanCaseAsync("P2", 1);
        await Storage.Evidence.GetBlobClient(rows[0].EvidenceBlob).DeleteAsync();
        var stuck = await UploadTextAsync("P2", "never-triggered", "missed");
        Time.Advance(TimeSpan.FromMinutes(16));

        var report = await ReconcileAsync();

        var missing = Assert.Single(report.Anomalies, a => a.Kind == AnomalyKinds.Missing);
        Assert.Equal(("P1", rows[0].DocumentId, Storage.Evidence.Name, rows[0].EvidenceBlob), (missing.CaseId, missing.DocumentId, missing.Container, missing.Blob));
        var stuckAnomaly = Assert.Single(report.Anomalies, a => a.Kind == AnomalyKinds.Stuck);
        Assert.Equal((Storage.Intake.Name, stuck), (stuckAnomaly.Container, stuckAnomaly.Blob));
    }

    [Fact]
    public async Task ReadAnomaliesAsync_RunOverSeveralChunks_StreamsEveryAnomalyInOrder()
    {
        for (var i = 1; i <= 3; i++)
        {
            var rows = await CleanCaseAsync($"S{i}", 1);
            await Storage.Evidence.GetBlobClient(rows[0].EvidenceBlob).DeleteAsync();
        }

        var report = await ReconcileAsync();

        var streamed = await Get<ReconciliationRunStore>().ReadAnomaliesAsync(report.RunId).ToListAsync();
        Assert.Equal(report.Anomalies, streamed);
        Assert.Equal(["S1", "S2", "S3"], streamed.Select(a => a.CaseId));
        Assert.Equal(2, (await Get<ReconciliationRunStore>().ReadAnomaliesAsync(report.RunId).Take(2).ToListAsync()).Count);
    }
}
