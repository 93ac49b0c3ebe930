using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Hosting;
using Pipeline.Integrity;
using Pipeline.Reconciliation;
using Pipeline.Storage;

namespace Pipeline.Tests.Reconciliation;

/// <summary>A run acts on what it found only after saving it, and stops writing once another process owns the run.</summary>
public sealed class ReconciliationOwnershipTests : ReconciliationTestBase
{
    private readonly List<(IntegrityCheckRequest Request, bool AlreadySaved)> _enqueued = [];
    private Func<IntegrityCheckRequest, Task>? _onEnqueue;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("Pipeline:Reconciliation:CheckpointEveryUnits", "1")];

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<IIntegrityCheckSender>(sp => new SavedFirstCheckSender(sp.GetRequiredService<PipelineStorage>(), _enqueued, r => _onEnqueue?.Invoke(r) ?? Task.CompletedTask));

    [Fact]
    public async Task RunAsync_QueueingAChecksFails_RunCompletesAndCountsOnlyWhatWasQueued()
    {
        await CleanCaseAsync("O4", 1);
        await CleanCaseAsync("O5", 1);
        Time.Advance(TimeSpan.FromDays(8));
        _onEnqueue = r => r.CaseId == "O4" ? throw new RequestFailedException(503, "queue unavailable") : Task.CompletedTask;

        var report = await ReconcileAsync();

        Assert.Equal(2, report.Maintenance.Counts[AnomalyKinds.Unverified]);
        Assert.Equal(1, report.ChecksEnqueued);
    }

    [Fact]
    public async Task RunAsync_AnotherProcessTakesTheLeaseMidRun_StopsAsAlreadyRunningWithoutWritingMore()
    {
        await CleanCaseAsync("O6", 1);
        await CleanCaseAsync("O7", 1);
        Time.Advance(TimeSpan.FromDays(8));
        var lease = Storage.Reports.GetBlobClient("locks/reconciliation").GetBlobLeaseClient();
        _onEnqueue = async _ =>
        {
            // The first checkpoint is saved; now this process "pauses" past its lease and another takes it.
            _onEnqueue = null;
            await lease.BreakAsync(TimeSpan.Zero);
            await Storage.Reports.GetBlobClient("locks/reconciliation").GetBlobLeaseClient().AcquireAsync(TimeSpan.FromSeconds(60));
        };

        var error = await Assert.ThrowsAsync<ReconciliationAlreadyRunningException>(() => Reconciliation.RunAsync(new ReconciliationRequest(ForceNew: true)));

        Assert.IsType<ReconciliationSupersededException>(error.InnerException);
        var unfinished = await Get<ReconciliationRunStore>().LoadUnfinishedAsync();
        Assert.NotNull(unfinished);
        Assert.Equal("O6", unfinished.Cursor);
    }

    [Fact]
    public async Task SaveAsync_RetriedWriteThatHadLanded_AdoptedAsOwnSave()
    {
        var store = Get<ReconciliationRunStore>();
        await store.StartAsync(new ReconciliationState { RunId = "run-o8", StartedAt = Time.GetUtcNow() });
        var state = (await store.LoadUnfinishedAsync())!;
        var beforeSave = state.StoredETag;
        state.Cursor = "case-a";
        await store.SaveAsync(state);
        var afterSave = state.StoredETag;

        // The response to that save was lost and the write is sent again with the old condition.
        state.StoredETag = beforeSave;
        await store.SaveAsync(state);

        Assert.Equal(afterSave, state.StoredETag);
        Assert.Equal("case-a", (await store.LoadUnfinishedAsync())!.Cursor);
    }

    [Fact]
    public async Task RunAsync_UnverifiedDocuments_CheckQueuedOnlyAfterItsAnomalyIsSaved()
    {
        await CleanCaseAsync("O1", 3);
        _enqueued.Clear();
        Time.Advance(TimeSpan.FromDays(8));

        var report = await ReconcileAsync();

        Assert.Equal(3, report.Maintenance.Counts[AnomalyKinds.Unverified]);
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

    /// <summary>Records, for every check queued, whether a saved anomaly or maintenance chunk already names its document.</summary>
    private sealed class SavedFirstCheckSender(
        PipelineStorage storage, List<(IntegrityCheckRequest, bool)> enqueued, Func<IntegrityCheckRequest, Task> onEnqueue) : IIntegrityCheckSender
    {
        private readonly StorageQueueCheckSender _inner = new(storage);

        public async Task EnqueueAsync(IntegrityCheckRequest request, CancellationToken cancellationToken = default)
        {
            await onEnqueue(request);
            var saved = false;
            await foreach (var chunk in storage.Reports.GetBlobsAsync(new GetBlobsOptions { Prefix = "runs/" }, cancellationToken))
            {
                if (chunk.Name.Contains("/chunks/", StringComparison.Ordinal) || chunk.Name.Contains("/maintenance/", StringComparison.Ordinal))
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
