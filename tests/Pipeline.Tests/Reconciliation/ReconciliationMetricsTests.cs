using System.Diagnostics.Metrics;
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
        var measured = new Dictionary<string, long>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PipelineMetrics.ReconciliationMeterName && instrument.Name == "pipeline.reconciliation.anomalies")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var kind = (string)tags.ToArray().Single(t => t.Key == "kind").Value!;
            lock (measured)
            {
                measured[kind] = measured.GetValueOrDefault(kind) + value;
            }
        });
        listener.Start();

        await ReconcileAsync();

        Assert.Equal(1, measured[AnomalyKinds.Missing]);
        Assert.Equal(1, measured[AnomalyKinds.Untracked]);
        Assert.Equal(0, measured[AnomalyKinds.Changed]);
    }
}
