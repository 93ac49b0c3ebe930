using System.Text;
using Pipeline.Ingest;
using Pipeline.Reconciliation;

namespace Pipeline.Tests.Portal;

/// <summary>An intent whose bytes never arrive is a finding once it has expired, never a silent gap.</summary>
public sealed class PortalIntentReconciliationTests : PortalTestBase
{
    [Fact]
    public async Task Reconcile_IntentExpiredWithoutBytes_AbandonedIntentReported()
    {
        var received = Encoding.UTF8.GetBytes("this one arrives");
        var (_, arrived) = await DeclareAsync(Alice, "A1", "arrived.txt", received);
        await UploadWithSasAsync(arrived, received);
        await Get<IngestService>().IngestAsync(arrived.GetProperty("blobName").GetString()!);
        var (_, abandoned) = await DeclareAsync(Alice, "A1", "never-sent.txt", Encoding.UTF8.GetBytes("never sent"));

        var early = await Get<ReconciliationService>().RunAsync();
        Time.Advance(TimeSpan.FromMinutes(15 + 15 + 1));
        var late = await Get<ReconciliationService>().RunAsync();

        Assert.Equal(0, early.Counts[AnomalyKinds.AbandonedIntent]);
        Assert.Equal(1, late.Counts[AnomalyKinds.AbandonedIntent]);
        var finding = Assert.Single((await Get<ReconciliationRunStore>().ReadReportAsync(late.RunId))!.Anomalies, a => a.Kind == AnomalyKinds.AbandonedIntent);
        Assert.Equal(abandoned.GetProperty("uploadId").GetString(), finding.DocumentId);
        Assert.Equal(abandoned.GetProperty("blobName").GetString(), finding.Blob);
        Assert.Contains("no bytes arrived", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_ExpiredIntentWhoseBytesWaitInIntake_StuckNotAbandoned()
    {
        var content = Encoding.UTF8.GetBytes("uploaded, trigger missed");
        var (_, intent) = await DeclareAsync(Alice, "A1", "missed.txt", content);
        await UploadWithSasAsync(intent, content);
        Time.Advance(TimeSpan.FromMinutes(31));

        var report = await Get<ReconciliationService>().RunAsync();

        Assert.Equal(0, report.Counts[AnomalyKinds.AbandonedIntent]);
        Assert.Equal(1, report.Counts[AnomalyKinds.Stuck]);
    }
}
