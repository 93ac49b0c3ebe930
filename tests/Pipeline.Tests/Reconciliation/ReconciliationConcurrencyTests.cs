using Pipeline.EvidenceStore;
using Pipeline.Ingest;
using Pipeline.Reconciliation;
using Pipeline.Validation;
using Pipeline.Content;

namespace Pipeline.Tests.Reconciliation;

public sealed class ReconciliationConcurrencyTests : ReconciliationTestBase
{
    [Fact]
    public async Task RunAsync_UploadStoredButNotYetIndexed_NotReportedUntilOlderThanThreshold()
    {
        await CleanCaseAsync("CC1", 1);
        var intake = await UploadTextAsync("CC1", "in-flight", "being ingested right now");
        var blob = Storage.Intake.GetBlobClient(intake);
        await using (var spooled = await Get<UploadSpool>().SpoolAsync(blob, (await blob.GetPropertiesAsync()).Value.ETag))
        {
            await Get<EvidenceBlobStore>().StoreAsync(new IntakePath("CC1", "in-flight", "in-flight.txt"), spooled, "text/plain", "portal", intake);
        }

        var during = await ReconcileAsync();
        Time.Advance(TimeSpan.FromMinutes(16));
        var later = await ReconcileAsync();

        Assert.True(during.Clean, string.Join("; ", during.Anomalies.Select(a => $"{a.Kind}: {a.Detail}")));
        Assert.Contains(later.Anomalies, a => a.Kind == AnomalyKinds.Untracked && a.Blob == "CC1/in-flight/in-flight.txt");
        Assert.Contains(later.Anomalies, a => a.Kind == AnomalyKinds.Stuck && a.Blob == intake);
    }

    [Fact]
    public async Task RunAsync_WhileUploadsContinue_NoFalsePositives()
    {
        await CleanCaseAsync("CC2", 5);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested && i < 200; i++)
            {
                await Get<IngestService>().IngestAsync(await UploadTextAsync("CC2", $"live-{i:D3}", $"uploaded during reconciliation {i}"));
            }
        });

        var reports = new List<ReconciliationReport>();
        for (var run = 0; run < 3; run++)
        {
            reports.Add(await ReconcileAsync());
        }

        await stop.CancelAsync();
        await writer;
        Assert.All(reports, r => Assert.DoesNotContain(r.Anomalies, a => a.Kind is AnomalyKinds.ChainBroken or AnomalyKinds.Missing or AnomalyKinds.Untracked or AnomalyKinds.Changed));
    }

    [Fact]
    public async Task ResumeUnfinishedAsync_NothingUnfinished_DoesNothing()
    {
        await CleanCaseAsync("CC3", 1);
        await ReconcileAsync();

        Assert.Null(await Reconciliation.ResumeUnfinishedAsync());
    }
}
