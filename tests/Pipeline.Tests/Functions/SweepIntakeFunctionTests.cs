using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Functions.Functions;
using Pipeline.Ingest;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Functions;

public sealed class SweepIntakeFunctionTests : AzuriteTestBase
{
    // Azurite stamps blobs with the real clock, so this test ages uploads in real time against a short threshold.
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("Pipeline:Reconciliation:StuckAfter", "00:00:02")];

    [Fact]
    public async Task SweepIntake_TimerFires_OnlyUploadsOlderThanThresholdIngested()
    {
        var old = await UploadTextAsync("F5", "old", "missed by its trigger");
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var young = await UploadTextAsync("F5", "young", "just arrived");
        Time.SetUtcNow(DateTimeOffset.UtcNow);
        var function = ActivatorUtilities.CreateInstance<SweepIntakeFunction>(Services);

        var summary = await function.RunAsync(new TimerInfo());

        Assert.Equal((1, 1), (summary.Handled, summary.Count(IngestOutcome.Accepted)));
        Assert.Equal(old, (await Get<Pipeline.Index.DocumentIndex>().GetAsync("F5", "old"))?.IntakeBlob);
        Assert.Null(await Get<Pipeline.Index.DocumentIndex>().GetAsync("F5", "young"));
        Assert.False(await IsMarkedAsync(young));
    }
}
