using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Pipeline.Hosting;
using Pipeline.Integrity;
using Pipeline.Reconciliation;

namespace Pipeline.Tests.Reconciliation;

/// <summary>Issue 6, failure 5: routine re-verification is maintenance, not a finding; only checks that keep failing are.</summary>
public sealed class ReconciliationMaintenanceTests : ReconciliationTestBase
{
    [Fact]
    public async Task RunAsync_HealthyStoreThirtyDaysOld_NoFindingAnyNight()
    {
        await CleanCaseAsync("H1", 3);
        var maintenance = 0L;

        for (var night = 1; night <= 30; night++)
        {
            Time.Advance(TimeSpan.FromDays(1));
            var report = await ReconcileAsync();
            Assert.True(report.Clean, $"night {night}: {string.Join("; ", report.Anomalies.Select(a => $"{a.Kind} {a.Detail}"))}");
            maintenance += report.Maintenance.Count;
            // The checks the night queued run before the next night, as the queue trigger does.
            await Get<StorageQueueCheckReceiver>().DrainAsync();
        }

        // Every document came due every 7 days and was re-verified: maintenance happened, nothing needed a person.
        Assert.Equal(3 * 4, maintenance);
    }

    [Fact]
    public async Task RunAsync_NotVerifiedWithinTwiceTheWindow_OverdueFindingAndCheckQueued()
    {
        var rows = await CleanCaseAsync("H2", 2);
        await Storage.IntegrityQueue.ClearMessagesAsync();
        Time.Advance(TimeSpan.FromDays(15));

        var report = await ReconcileAsync();

        Assert.False(report.Clean);
        Assert.Equal(2, report.Counts[AnomalyKinds.Overdue]);
        Assert.All(report.Anomalies, a => Assert.Equal(AnomalyKinds.Overdue, a.Kind));
        Assert.Contains(report.Anomalies, a => a.DocumentId == rows[0].DocumentId && a.Detail.Contains("twice the verification window", StringComparison.Ordinal));
        Assert.Equal(0, report.Maintenance.Count);
        Assert.Equal(2, await QueueLengthAsync());
    }

    [Fact]
    public async Task RunAsync_OnlyMaintenance_NoAnomalyMetricAndMaintenanceMetricCounted()
    {
        await CleanCaseAsync("H3", 2);
        Time.Advance(TimeSpan.FromDays(8));
        using var anomalies = new MetricCollector<long>(Get<IMeterFactory>(), PipelineMetrics.ReconciliationMeterName, "pipeline.reconciliation.anomalies");
        using var maintenance = new MetricCollector<long>(Get<IMeterFactory>(), PipelineMetrics.ReconciliationMeterName, "pipeline.reconciliation.maintenance");

        var report = await ReconcileAsync();

        Assert.True(report.Clean);
        Assert.Equal(0, anomalies.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(2, maintenance.GetMeasurementSnapshot().Where(m => (string)m.Tags["kind"]! == AnomalyKinds.Unverified).Sum(m => m.Value));
    }
}
