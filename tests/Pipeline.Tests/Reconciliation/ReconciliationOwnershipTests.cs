using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Hosting;
using Pipeline.Integrity;
using Pipeline.Reconciliation;

namespace Pipeline.Tests.Reconciliation;

/// <summary>A run acts on what it found only after saving it, and stops writing once another process owns the run.</summary>
public sealed class ReconciliationOwnershipTests : ReconciliationTestBase
{
    private readonly List<(IntegrityCheckRequest Request, bool AlreadySaved)> _enqueued = [];

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<IIntegrityCheckSender>(sp => new SavedFirstCheckSender(sp.GetRequiredService<PipelineStorage>(), _enqueued));

    [Fact]
    public async Task RunAsync_UnverifiedDocuments_CheckQueuedOnlyAfterItsAnomalyIsSaved()
    {
        await CleanCaseAsync("O1", 3);
        _enqueued.Clear();
        Time.Advance(TimeSpan.FromDays(8));

        var report = await ReconcileAsync();

        Assert.Equal(3, report.Counts[AnomalyKinds.Unverified]);
        Assert.Equal(3, report.ChecksEnqueued);
        Assert.Equal(3, _enqueued.Count);
        Assert.All(_enqueued, e => Assert.True(e.AlreadySaved, $"check for {e.Request.DocumentId} was queued before its anomaly was saved"));
    }

    [Fact]
    public async Task SaveAsync_CheckpointSavedByAnotherProcess_Superseded()
    {
        var store = Get<ReconciliationRunStore>();
        await store.StartAsync(new ReconciliationState { RunId = "run-o2", StartedAt = Time.GetUtcNow() });
        var paused = await store.LoadUnfinishedAsync();
        var resumer = await store.LoadUnfinishedAsync();
        Assert.NotNull(paused);
        Assert.NotNull(resumer);

        resumer.Cursor = "case-b";
        await store.SaveAsync(resumer);
        paused.Cursor = "case-a";

        await Assert.ThrowsAsync<ReconciliationSupersededException>(() => store.SaveAsync(paused));
        Assert.Equal("case-b", (await store.LoadUnfinishedAsync())!.Cursor);
    }

    [Fact]
    public async Task StartAsync_RunIdAlreadySaved_Superseded()
    {
        var store = Get<ReconciliationRunStore>();
        await store.StartAsync(new ReconciliationState { RunId = "run-o3", StartedAt = Time.GetUtcNow() });

        await Assert.ThrowsAsync<ReconciliationSupersededException>(() => store.StartAsync(new ReconciliationState { RunId = "run-o3" }));
    }

    [Fact]
    public async Task ConfirmHeldAsync_LeaseTakenByAnotherProcess_SupersededAndLost()
    {
        var store = Get<ReconciliationRunStore>();
        await using var paused = await store.TryLockAsync();
        Assert.NotNull(paused);
        // The paused process's lease runs out (broken here rather than waited for) and another run takes the lock.
        await Storage.Reports.GetBlobClient("locks/reconciliation").GetBlobLeaseClient().BreakAsync(TimeSpan.Zero);
        await using var taker = await store.TryLockAsync();
        Assert.NotNull(taker);

        await Assert.ThrowsAsync<ReconciliationSupersededException>(() => paused.ConfirmHeldAsync());
        Assert.True(paused.Lost.IsCancellationRequested);
        await taker.ConfirmHeldAsync();
    }

    /// <summary>Records, for every check queued, whether a saved anomaly chunk already names its document.</summary>
    private sealed class SavedFirstCheckSender(PipelineStorage storage, List<(IntegrityCheckRequest, bool)> enqueued) : IIntegrityCheckSender
    {
        private readonly StorageQueueCheckSender _inner = new(storage);

        public async Task EnqueueAsync(IntegrityCheckRequest request, CancellationToken cancellationToken = default)
        {
            var saved = false;
            await foreach (var chunk in storage.Reports.GetBlobsAsync(new GetBlobsOptions { Prefix = "runs/" }, cancellationToken))
            {
                if (chunk.Name.Contains("/chunks/", StringComparison.Ordinal))
                {
                    var content = await storage.Reports.GetBlobClient(chunk.Name).DownloadContentAsync(cancellationToken);
                    saved |= content.Value.Content.ToString().Contains($"\"documentId\":\"{request.DocumentId}\"", StringComparison.Ordinal);
                }
            }

            lock (enqueued)
            {
                enqueued.Add((request, saved));
            }

            await _inner.EnqueueAsync(request, cancellationToken);
        }
    }
}
