using Pipeline.Reconciliation;

namespace Pipeline.Tests.Reconciliation;

public sealed class ReconciliationResumeTests : ReconciliationTestBase
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("Pipeline:Reconciliation:CheckpointEveryUnits", "2")];

    [Fact]
    public async Task RunAsync_StoppedPartWay_ResumesWithoutCountingTwice()
    {
        for (var c = 1; c <= 6; c++)
        {
            var rows = await CleanCaseAsync($"RS{c}", 2);
            await Storage.Evidence.GetBlobClient(rows[0].EvidenceBlob).DeleteAsync();
        }

        using var stop = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            // After case 3: cases 1-2 are checkpointed, case 3's anomaly is only in memory and must be redone.
            if (p.Phase == ReconciliationPhase.Index && p.CasesChecked == 3)
            {
                stop.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Reconciliation.RunAsync(new ReconciliationRequest(), progress, stop.Token));

        var resumed = await Reconciliation.ResumeUnfinishedAsync();
        Assert.NotNull(resumed);
        var fresh = await Reconciliation.RunAsync(new ReconciliationRequest(ForceNew: true));

        Assert.Equal(1, resumed.Resumes);
        Assert.Equal(6, resumed.Counts[AnomalyKinds.Missing]);
        Assert.Equal(fresh.Counts, resumed.Counts);
        Assert.Equal(fresh.DocumentsChecked, resumed.DocumentsChecked);
        Assert.Equal(fresh.BlobsScanned, resumed.BlobsScanned);
        var stored = await Get<ReconciliationRunStore>().ReadReportAsync(resumed.RunId);
        Assert.Equal(6, stored!.Anomalies.Count);
        Assert.Equal(6, stored.Anomalies.Select(a => a.CaseId).Distinct().Count());
    }
}
