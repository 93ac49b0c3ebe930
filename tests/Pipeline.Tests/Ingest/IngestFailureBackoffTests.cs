using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Hosting;
using Pipeline.Ingest;
using Pipeline.Intake;
using Pipeline.Integrity;
using Pipeline.Reconciliation;
using Pipeline.Tests.Infrastructure;
using Pipeline.Tests.Reconciliation;
using Pipeline.Storage;

namespace Pipeline.Tests.Ingest;

/// <summary>An upload whose ingest keeps failing is retried with growing gaps, and the stuck report says why.</summary>
public sealed class IngestFailureBackoffTests : ReconciliationTestBase
{
    private readonly FailingCheckSenderSwitch _sender = new();

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<IIntegrityCheckSender>(sp => _sender.Attach(sp.GetRequiredService<PipelineStorage>()));

    [Fact]
    public async Task SweepAsync_IngestKeepsFailing_RetriedAfterGrowingDelaysAndReportedWithTheError()
    {
        var intake = await UploadAsync("F1", "up-1", "note.txt", Encoding.UTF8.GetBytes("the queue is down"));
        _sender.Failing = true;
        var sweeper = Get<IntakeSweeper>();

        Assert.Equal(IngestOutcome.Failed, Assert.Single(await sweeper.SweepForResultsAsync(TimeSpan.Zero)).Outcome);
        Assert.Empty(await sweeper.SweepForResultsAsync(TimeSpan.Zero));
        Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(IngestOutcome.Failed, Assert.Single(await sweeper.SweepForResultsAsync(TimeSpan.Zero)).Outcome);
        Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Empty(await sweeper.SweepForResultsAsync(TimeSpan.Zero));

        var failure = await Get<IngestFailureLog>().GetAsync(intake);
        Assert.NotNull(failure);
        Assert.Equal(2, failure.Attempts);
        Assert.Contains(nameof(SimulatedCrashException), failure.LastError, StringComparison.Ordinal);

        Time.Advance(TimeSpan.FromMinutes(16));
        var report = await Reconciliation.RunAsync(new ReconciliationRequest(ForceNew: true));
        var stuck = Assert.Single((await Get<ReconciliationRunStore>().ReadReportAsync(report.RunId))!.Anomalies, a => a.Kind == AnomalyKinds.Stuck);
        Assert.Contains("2 ingest attempt(s) failed", stuck.Detail, StringComparison.Ordinal);

        Assert.Equal([intake], await Get<IngestFailureLog>().QueryOutstandingAsync("F1").Select(f => f.IntakeBlob).ToListAsync());

        // Once the cause is gone the next retry succeeds and the upload is marked; its failures are history.
        _sender.Failing = false;
        Time.Advance(TimeSpan.FromHours(6));
        await sweeper.SweepAsync(TimeSpan.Zero);
        Assert.True(await IsMarkedAsync(intake));
        Assert.Empty(await Get<IngestFailureLog>().QueryOutstandingAsync("F1").ToListAsync());
    }

    [Fact]
    public async Task IngestAsync_TriggerRetriesInQuickSuccession_CountedAsOneAttempt()
    {
        var intake = await UploadAsync("F2", "up-1", "note.txt", Encoding.UTF8.GetBytes("the queue is down"));
        _sender.Failing = true;

        for (var retry = 0; retry < 5; retry++)
        {
            await Assert.ThrowsAsync<SimulatedCrashException>(() => Get<IngestService>().IngestAsync(intake));
            Time.Advance(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(1, (await Get<IngestFailureLog>().GetAsync(intake))!.Attempts);
    }

    [Fact]
    public async Task IngestAsync_ConflictArrivesWhileQueueIsDown_ConflictKeptBeforeTheQueueIsNeeded()
    {
        var first = await UploadAsync("F3", "up-1", "a.txt", Encoding.UTF8.GetBytes("first bytes"));
        _sender.Failing = true;
        await Assert.ThrowsAsync<SimulatedCrashException>(() => Get<IngestService>().IngestAsync(first));
        var second = await UploadAsync("F3", "up-1", "b.txt", Encoding.UTF8.GetBytes("other bytes, same id"));

        // The first document's check still cannot be queued, but the conflicting bytes are already kept and audited.
        await Assert.ThrowsAsync<SimulatedCrashException>(() => Get<IngestService>().IngestAsync(second));
        Assert.Single(await ListAsync(Storage.Quarantine));
        Assert.Contains(await AuditAsync("F3"), r => r.Kind == Pipeline.Audit.AuditKinds.UploadConflict);
        Assert.False(await IsMarkedAsync(second));

        _sender.Failing = false;
        Assert.Equal(IngestOutcome.Conflict, (await Get<IngestService>().IngestAsync(second)).Outcome);
        Assert.True(await IsMarkedAsync(second));
        Assert.Single(await DocumentsAsync("F3"));
        Assert.Equal(1, await QueueLengthAsync());
        Assert.Single(await AuditAsync("F3"), r => r.Kind == Pipeline.Audit.AuditKinds.UploadConflict);
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(7, 360)]
    [InlineData(50, 360)]
    public void RetryDelayAfter_Attempts_DoublesUpToTheCap(int attempts, int expectedMinutes)
    {
        Assert.Equal(TimeSpan.FromMinutes(expectedMinutes), new IngestOptions().RetryDelayAfter(attempts));
    }

    /// <summary>A check sender that throws <see cref="SimulatedCrashException"/> while <see cref="Failing"/> is set.</summary>
    private sealed class FailingCheckSenderSwitch : IIntegrityCheckSender
    {
        private StorageQueueCheckSender? _inner;

        public bool Failing { get; set; }

        public FailingCheckSenderSwitch Attach(PipelineStorage storage)
        {
            _inner = new StorageQueueCheckSender(storage);
            return this;
        }

        public Task EnqueueAsync(IntegrityCheckRequest request, CancellationToken cancellationToken = default) =>
            Failing ? throw new SimulatedCrashException() : _inner!.EnqueueAsync(request, cancellationToken);
    }
}
