using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Audit;
using Pipeline.Faults;
using Pipeline.Index;
using Pipeline.Reconciliation;
using Pipeline.Tests.Faults;
using Pipeline.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Pipeline.Tests.Reconciliation;

/// <summary>A sharded run writes the report a single process writes, whatever its workers do, and says how each shard ended.</summary>
public sealed class ShardedReconciliationTests(ITestOutputHelper output) : ReconciliationTestBase
{
    private const int Cases = 52;
    private const int DocumentsPerCase = 40;
    private readonly ShardCrashes _crashes = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        // Seeded documents are not yet due for re-verification, but for three made older on purpose.
        new("Pipeline:Reconciliation:VerificationGrace", "1.00:00:00"),
        new("Pipeline:Reconciliation:Sharding:CasesPerShard", "6"),
        // The single-process run (and the last shard) reads the table in windows of five cases; the other shards in one query.
        new("Pipeline:Reconciliation:CasesPerTableWindow", "5"),
        new("Pipeline:Reconciliation:Sharding:RetryDelay", "00:00:00.200"),
        new("Pipeline:Reconciliation:Sharding:PollInterval", "00:00:00.100"),
    ];

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IFaultInjector>(_crashes);

    [Fact]
    public async Task RunAsync_Sharded2080DocumentsIn52CasesOneShardFailingOnce_ReportIdenticalToSingleProcess()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var cases = Enumerable.Range(0, Cases).Select(c => $"SH-{c:D2}").ToList();
        var now = Time.GetUtcNow();
        await new ReconciliationSeeder(Storage, Get<AuditChainKeys>()).SeedAsync(
            cases, DocumentsPerCase, now, (caseId, document) => caseId == "SH-05" && document < 3 ? now - TimeSpan.FromDays(2) : now);
        output.WriteLine($"seeded {clock.Elapsed}");
        // A first run anchors every chain, so both runs compared below check chains against anchors (and find the erased case).
        Assert.Equal(0, (await Reconciliation.RunAsync(new ReconciliationRequest(ForceNew: true))).AnomalyCount);
        output.WriteLine($"baseline {clock.Elapsed}");
        var injected = await InjectAnomaliesAsync();
        output.WriteLine($"tampered {clock.Elapsed}");
        Time.Advance(TimeSpan.FromMinutes(20));
        _crashes.Crash(shard: 3, times: 1);

        var single = await ReconcileAsync();
        output.WriteLine($"single {clock.Elapsed}");
        var sharded = await ReconcileShardedAsync(workers: 4);
        output.WriteLine($"sharded {clock.Elapsed}");

        Assert.Equal(await ComparableReportAsync(single.RunId), await ComparableReportAsync(sharded.RunId));
        Assert.Equal(Cases * DocumentsPerCase - DocumentsPerCase - 1, sharded.DocumentsChecked);
        Assert.All(injected, fault => Assert.Contains(sharded.Anomalies, a => fault.DetectedBy(a)));
        Assert.All(sharded.Anomalies, a => Assert.Contains(injected, fault => fault.Explains(a)));
        Assert.Equal(3, sharded.Maintenance.Counts[AnomalyKinds.Unverified]);
        Assert.Equal(1, _crashes.Fired);
        var shards = Assert.IsType<ReconciliationShards>(sharded.Shards);
        Assert.True(shards.Count >= 8, $"{shards.Count} shards");
        Assert.Equal((shards.Count, 0), (shards.Completed, shards.Failed));
        Assert.Equal(2, shards.Items.Single(s => s.Shard == 3).Attempts);
        Assert.All(shards.Items.Where(s => s.Shard != 3), s => Assert.Equal(1, s.Attempts));
        Assert.Equal(sharded.CasesChecked, shards.Items.Sum(s => s.CasesChecked));
        Assert.Null(single.Shards);
    }

    [Fact]
    public async Task RunAsync_ShardWorkerReceiveFails_WorkerGoesOnAndRunCompletes()
    {
        await new ReconciliationSeeder(Storage, Get<AuditChainKeys>()).SeedAsync(["R-1", "R-2", "R-3"], 2, Time.GetUtcNow());
        _crashes.FailReceives(times: 2);

        // Two workers: were a failed receive to end its worker, the other would finish the run and the failure would
        // surface when the workers stop, as `reconcile --workers N` saw it.
        var report = await ReconcileShardedAsync(workers: 2, casesPerShard: 1);

        Assert.Equal(2, _crashes.ReceivesFailed);
        var shards = Assert.IsType<ReconciliationShards>(report.Shards);
        Assert.Equal((shards.Count, 0), (shards.Completed, shards.Failed));
        Assert.Equal((6, 0), (report.DocumentsChecked, report.AnomalyCount));
    }

    [Fact]
    public async Task RunAsync_CaseIdsPrefixOfOthers_EveryCaseInExactlyOneShard()
    {
        // Listing order: P-A/ < P-B/ < P/ < PA/ ('-' sorts below '/'); table order: P < P-A < P-B < PA.
        string[] cases = ["P", "P-A", "P-B", "PA"];
        await new ReconciliationSeeder(Storage, Get<AuditChainKeys>()).SeedAsync(cases, 2, Time.GetUtcNow());

        var report = await ReconcileShardedAsync(workers: 2, casesPerShard: 1);

        var shards = Assert.IsType<ReconciliationShards>(report.Shards);
        Assert.Equal((shards.Count, 0), (shards.Completed, shards.Failed));
        Assert.Equal((4, 8, 0), (report.CasesChecked, report.DocumentsChecked, report.AnomalyCount));
        // P lists after P-B, behind the last bound: it is not counted toward one, so it shares the first shard.
        Assert.Equal([(null, "P-A"), ("P-A", "P-B"), ("P-B", "PA"), ("PA", null)], shards.Items.Select(s => (s.After, s.Through)));
        Assert.Equal([2, 1, 1, 0], shards.Items.Select(s => s.CasesChecked));
    }

    [Fact]
    public async Task RunAsync_ShardFailsOnEveryDelivery_ReportListsItFailedAndAnchorsNothing()
    {
        await new ReconciliationSeeder(Storage, Get<AuditChainKeys>()).SeedAsync(["F-1", "F-2", "F-3", "F-4"], 2, Time.GetUtcNow());
        _crashes.Crash(shard: 1, times: int.MaxValue);

        var report = await ReconcileShardedAsync(workers: 2, casesPerShard: 1);

        var shards = Assert.IsType<ReconciliationShards>(report.Shards);
        var failed = Assert.Single(shards.Items, s => s.Status == ShardStatus.Failed);
        Assert.Equal((1, 3, "F-2"), (failed.Shard, failed.Attempts, failed.Through));
        Assert.Contains("SimulatedCrashException", failed.Detail, StringComparison.Ordinal);
        Assert.Equal((5, 4, 1), (shards.Count, shards.Completed, shards.Failed));
        Assert.False(report.Clean);
        Assert.Equal(3, report.CasesChecked);
        Assert.Null(await Get<AnchorStore>().FindLatestCompletedRunAsync());
        Assert.False((await Get<ReconciliationRunStore>().GetLastCompleteAsync())!.Anchored);
    }

    [Fact]
    public async Task ResumeUnfinishedAsync_CoordinatorStoppedWhileShardsWait_ResumedRunFinishesThemOnce()
    {
        await new ReconciliationSeeder(Storage, Get<AuditChainKeys>()).SeedAsync(["R-1", "R-2", "R-3", "R-4", "R-5"], 3, Time.GetUtcNow());
        await Tampering().DeleteBlobAsync((await DocumentsAsync("R-4"))[0]);
        var single = await ReconcileAsync();

        // No worker runs: the coordinator sends its shards, waits, and is stopped (a host timeout, a crash).
        using (var stop = new CancellationTokenSource())
        {
            var coordinating = Reconciliation.RunAsync(new ReconciliationRequest(ForceNew: true, Sharded: true, CasesPerShard: 2), cancellationToken: stop.Token);
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while ((await Get<ReconciliationRunStore>().LoadUnfinishedAsync())?.Sharding?.SentAt is null && !coordinating.IsCompleted && waited.Elapsed < TimeSpan.FromMinutes(1))
            {
                await Task.Delay(50);
            }

            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => coordinating);
        }

        var unfinished = await Get<ReconciliationRunStore>().LoadUnfinishedAsync();
        Assert.NotNull(unfinished?.Sharding?.SentAt);
        var resumed = await WithShardWorkersAsync(2, () => Reconciliation.ResumeUnfinishedAsync());

        Assert.NotNull(resumed);
        Assert.Equal(unfinished.RunId, resumed.RunId);
        Assert.Equal(1, resumed.Resumes);
        Assert.Equal(3, resumed.Shards!.Completed);
        Assert.Equal(await ComparableReportAsync(single.RunId, "resumes"), await ComparableReportAsync(resumed.RunId, "resumes"));
        Assert.Equal(0, await ShardQueueLengthAsync());
    }

    [Fact]
    public async Task ReconcileShardAsync_NotAShardRequestOrAnotherRunsShard_SetAsideOrDropped()
    {
        var service = Reconciliation;
        var stale = new ReconciliationShardRequest("20260101T000000Z-finished", 0, null, null, false, null, false);

        Assert.Equal(ShardDisposition.Malformed, await service.ReconcileShardAsync("{\"not\":\"a shard\"}", 1));
        Assert.Equal(ShardDisposition.Malformed, await service.ReconcileShardAsync("<xml/>", 1));
        Assert.Equal(ShardDisposition.Stale, await service.ReconcileShardAsync(stale.ToJson(), 1));
        Assert.Null(await Get<ReconciliationRunStore>().ReadShardResultAsync(stale.RunId, 0));
    }

    private async Task<List<InjectedFault>> InjectAnomaliesAsync()
    {
        var tamper = Tampering();
        async Task<DocumentRecord> Row(string caseId, string documentId) => (await Get<DocumentIndex>().GetAsync(caseId, documentId))!;
        var stuck = await UploadTextAsync("SH-40", "never-ingested", "its trigger never fired");
        return
        [
            await tamper.DeleteBlobAsync(await Row("SH-03", "doc-0005")),
            await tamper.StripMetadataAsync(await Row("SH-10", "doc-0007")),
            await tamper.RetypeRowAsync(await Row("SH-15", "doc-0002")),
            await tamper.DropUntrackedAsync("SH-20", "stray", quarantine: false),
            await tamper.DeleteAuditRecordAsync("SH-25", 5),
            await tamper.EditRowAsync(await Row("SH-30", "doc-0001")),
            await tamper.DeleteRowAsync(await Row("SH-45", "doc-0003")),
            await tamper.EraseCaseAsync("SH-51"),
            await tamper.DropUntrackedAsync("ZZ-UNKNOWN", "doc", quarantine: false),
            new("upload never ingested", AnomalyKinds.Stuck, "SH-40", "never-ingested"),
        ];
    }

    private Tampering Tampering() => new(Pipeline.Local.Azurite.ConnectionString, Storage);

    private Task<ReconciliationReport> ReconcileShardedAsync(int workers, int? casesPerShard = null) =>
        WithShardWorkersAsync(workers, () => ReconcileAsync(new ReconciliationRequest(ForceNew: true, Sharded: true, CasesPerShard: casesPerShard)));

    /// <summary>Runs <paramref name="coordinator"/> with <paramref name="workers"/> shard workers beside it, as <c>reconcile --workers N</c> does.</summary>
    private async Task<T> WithShardWorkersAsync<T>(int workers, Func<Task<T>> coordinator)
    {
        using var stop = new CancellationTokenSource();
        var running = Get<IReconciliationShardReceiver>().RunAsync(workers, stop.Token);
        try
        {
            return await coordinator();
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }
    }

    /// <summary>
    /// The stored report as operators read it, without what differs between any two runs: their ids and times, the id of
    /// the run whose anchors each checked against (named in details), and a sharded run's own section.
    /// </summary>
    private async Task<string> ComparableReportAsync(string runId, params string[] alsoIgnore)
    {
        var content = await Storage.Reports.GetBlobClient(ReconciliationRunStore.ReportBlobName(runId)).DownloadContentAsync();
        var report = JsonNode.Parse(content.Value.Content.ToString())!.AsObject();
        foreach (var property in new[] { "runId", "startedAt", "completedAt", "shards" }.Concat(alsoIgnore))
        {
            report.Remove(property);
        }

        var state = await Storage.Reports.GetBlobClient($"runs/{runId}/state.json").DownloadContentAsync();
        var previous = JsonNode.Parse(state.Value.Content.ToString())?["previousRunId"]?.GetValue<string>();
        var text = report.ToJsonString();
        return previous is null ? text : text.Replace(previous, "{previous run}", StringComparison.Ordinal);
    }

    private async Task<int> ShardQueueLengthAsync() => (await Storage.ShardQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount;

    /// <summary>Crashes deliveries of one shard (of any run), as a worker dying there would.</summary>
    private sealed class ShardCrashes : IFaultInjector
    {
        private string? _subjectSuffix;
        private int _remaining;
        private int _fired;

        public int Fired => Volatile.Read(ref _fired);

        private int _receiveFailures;
        private int _receivesFailed;

        public int ReceivesFailed => Volatile.Read(ref _receivesFailed);

        public void Crash(int shard, int times) => (_subjectSuffix, _remaining) = ($"/{shard}", times);

        /// <summary>Fails the next receives from the shard queue, as a storage error past the SDK's retries would.</summary>
        public void FailReceives(int times) => _receiveFailures = times;

        public ValueTask AtAsync(string stepName, string subject, CancellationToken cancellationToken = default)
        {
            if (stepName == FaultSteps.ReconcileShardReceive && Interlocked.Decrement(ref _receiveFailures) >= 0)
            {
                Interlocked.Increment(ref _receivesFailed);
                throw new Azure.RequestFailedException(503, $"receive failure injected at {stepName} for {subject}");
            }

            if (stepName == FaultSteps.ReconcileShard && _subjectSuffix is { } suffix && subject.EndsWith(suffix, StringComparison.Ordinal)
                && Interlocked.Decrement(ref _remaining) >= 0)
            {
                Interlocked.Increment(ref _fired);
                throw new SimulatedCrashException($"crash injected at {stepName} for {subject}");
            }

            return ValueTask.CompletedTask;
        }
    }
}
