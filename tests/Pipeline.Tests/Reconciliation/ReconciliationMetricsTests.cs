using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Pipeline.Hosting;
using Pipeline.Reconciliation;

namespace Pipeline.Tests.Reconciliation;

public sealed class ReconciliationMetricsTests : ReconciliationTestBase
{
    [Fact]
    public async Task RunAsync_AnomaliesFound_AnomalyMetricEmittedPerKind()
    {
        var rows = await CleanCaseAsync("M1", 2);
        await Storage.Evidence.GetBlobClient(rows[0].EvidenceBlob).DeleteAsync();
        await Storage.Evidence.GetBlobClient("M1/stray/x.pdf").UploadAsync(BinaryData.FromString("x"));
        Time.Advance(TimeSpan.FromMinutes(16));

        // Scoped to this test's meter factory: tests running in parallel emit on meters with the same name.
        using var collector = new MetricCollector<long>(
            Get<IMeterFactory>(), PipelineMetrics.ReconciliationMeterName, "pipeline.reconciliation.anomalies");

        await ReconcileAsync();

        var measured = collector.GetMeasurementSnapshot()
            .GroupBy(m => (string)m.Tags["kind"]!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(m => m.Value), StringComparer.Ordinal);
        Assert.Equal(1, measured[AnomalyKinds.Missing]);
        Assert.Equal(1, measured[AnomalyKinds.Untracked]);
        Assert.Equal(0, measured.GetValueOrDefault(AnomalyKinds.Changed));
    }
}
