using Microsoft.Extensions.DependencyInjection;
using Pipeline.Hosting;
using Pipeline.Ingest;
using Pipeline.Integrity;
using Pipeline.Tests.Infrastructure;
using Pipeline.Storage;

namespace Pipeline.Tests.Ingest;

public sealed class IngestCrashBeforeEnqueueTests : AzuriteTestBase
{
    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<IIntegrityCheckSender>(sp => new FailingCheckSender(sp.GetRequiredService<PipelineStorage>(), failures: 1));

    [Fact]
    public async Task IngestAsync_CrashAfterCommitBeforeEnqueue_ReRunQueuesOnceAndMarks()
    {
        var intake = await UploadTextAsync("K1", "up-1", "committed, then the queue call died");
        await Assert.ThrowsAsync<SimulatedCrashException>(() => Get<IngestService>().IngestAsync(intake));
        Assert.Single(await DocumentsAsync("K1"));
        Assert.Equal(0, await QueueLengthAsync());
        Assert.False(await IsMarkedAsync(intake), "intake must not be marked before the check is queued");

        var result = await Get<IngestService>().IngestAsync(intake);

        Assert.Equal(IngestOutcome.Duplicate, result.Outcome);
        Assert.Single(await DocumentsAsync("K1"));
        Assert.Single(await AuditAsync("K1"));
        Assert.Single(await ListAsync(Storage.Evidence));
        Assert.Equal(1, await QueueLengthAsync());
        Assert.True(await IsMarkedAsync(intake));
    }

    [Fact]
    public async Task IngestAsync_CrashBeforeEnqueueThenOtherBytesUnderTheId_DocumentCheckStillQueued()
    {
        var intake = await UploadTextAsync("K2", "up-1", "committed, then the queue call died");
        await Assert.ThrowsAsync<SimulatedCrashException>(() => Get<IngestService>().IngestAsync(intake));
        // The portal replaces the upload before any re-run: the re-run is a conflict, not a re-delivery.
        await UploadTextAsync("K2", "up-1", "other bytes under the same id");

        var result = await Get<IngestService>().IngestAsync(intake);

        Assert.Equal(IngestOutcome.Conflict, result.Outcome);
        Assert.Single(await DocumentsAsync("K2"));
        Assert.Equal(1, await QueueLengthAsync());
    }
}
