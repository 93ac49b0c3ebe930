using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pipeline.Faults;
using Pipeline.Hosting;
using Pipeline.Reconciliation;
using Pipeline.Storage;
using Xunit.Abstractions;

namespace Pipeline.Tests.Reconciliation;

/// <summary>
/// The store phase learns which case folders the index knows from one keys-only query of the case heads, walked in step
/// with the folder listing, and asks the index afresh only about a folder whose case it lacks: the same findings as a
/// read per folder, for case ids that list out of the table's order, cases without a head, heads that appear during the
/// run and a run resumed part-way, in a handful of requests.
/// </summary>
public sealed class StorePhaseHeadsTests(ITestOutputHelper output) : ReconciliationTestBase
{
    // Table order a < a-b < a-b-c < a-c < a.b < a0 < ab; listing order a-b-c/ < a-b/ < a-c/ < a.b/ < a/ < a0/ < ab/
    // ('-' and '.' sort below '/', '0' above it). "a-c" is the orphan: blobs, no row.
    private static readonly string[] PrefixCases = ["a", "a-b", "a-b-c", "a.b", "a0", "ab"];
    private static readonly string[] OrphanBlobs = ["a-c/doc-0001/doc-0001.txt", "a-c/doc-0002/doc-0002.txt"];
    private readonly StorageRequestTally _tally = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Pipeline:Reconciliation:VerificationGrace", "1.00:00:00"),
        new("Pipeline:Reconciliation:CasesAhead", "2"),
        // Every folder is a checkpoint, so a run stopped after one resumes exactly after it.
        new("Pipeline:Reconciliation:CheckpointEveryUnits", "1"),
    ];

    protected override void ConfigureServices(IServiceCollection services) => services.AddPipelineStorageClients(_tally.Attach);

    [Fact]
    public async Task RunAsync_CaseIdsPrefixesOfOthersWithOrphanFolder_OnlyOrphanBlobsUntracked()
    {
        await SeedPrefixCasesWithOrphanAsync();

        var phases = new PhaseTally(_tally);
        var report = await ReconcileAsync(phases);

        Assert.Equal(OrphanBlobs.Select(blob => (AnomalyKinds.Untracked, (string?)"a-c", (string?)blob)), report.Anomalies.Select(a => (a.Kind, a.CaseId, a.Blob)).Order());
        // Every headed case matched from the query, out of order or not: one point read of the orphan's head, and one
        // of each orphan blob's row.
        Assert.Equal(1 + OrphanBlobs.Length, phases.StorePhase.GetValueOrDefault("table GET entity"));
    }

    [Fact]
    public async Task RunAsync_CaseWithRowsButNoHead_KnownNoUntrackedFromStorePhase()
    {
        await Seed(["headless", "other"], 2);
        await Storage.Documents.DeleteEntityAsync("headless", DocumentRowKeys.CaseHead);
        // A blob the case's rows do not claim: the index phase reports it; a store phase that took the case for
        // unknown would report it again.
        await Storage.Evidence.GetBlobClient("headless/stray/stray.txt").UploadAsync(new BinaryData("not indexed"u8.ToArray()));
        Time.Advance(TimeSpan.FromMinutes(20));

        var report = await ReconcileAsync();

        Assert.Equal(
            [(AnomalyKinds.Untracked, (string?)"headless", (string?)"headless/stray/stray.txt")],
            report.Anomalies.Where(a => a.Kind == AnomalyKinds.Untracked).Select(a => (a.Kind, a.CaseId, a.Blob)));
    }

    [Fact]
    public async Task RunAsync_HeadWrittenAfterHeadsQueryBeforeFolder_NotReported()
    {
        await Seed(["early", "zz"], 1);
        await Storage.Evidence.GetBlobClient("late/doc-0001/doc-0001.txt").UploadAsync(new BinaryData("landed before its case"u8.ToArray()));
        Time.Advance(TimeSpan.FromMinutes(20));
        var hook = new HeadAtHeadsPage(Storage.Documents, "late");
        var service = ActivatorUtilities.CreateInstance<ReconciliationService>(Services, (IFaultInjector)hook);

        var summary = await service.RunAsync(new ReconciliationRequest(ForceNew: true));

        Assert.Equal(1, hook.PagesRead);
        Assert.Equal(0, summary.AnomalyCount);
        Assert.Empty((await Get<ReconciliationRunStore>().ReadReportAsync(summary.RunId))!.Anomalies);
    }

    [Fact]
    public async Task ResumeUnfinishedAsync_StoppedAfterFolderListedBeforeItsPrefixCase_SameReport()
    {
        await SeedPrefixCasesWithOrphanAsync();
        var fresh = await ReconcileAsync();

        // Stopped after "a-b/": "a/" lists later though "a" comes before "a-b" in the table, so the heads query resumes at "a".
        using var stop = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.Phase == ReconciliationPhase.Store && p.Cursor == "a-b/")
            {
                stop.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Reconciliation.RunAsync(new ReconciliationRequest(ForceNew: true), progress, stop.Token));
        var phases = new PhaseTally(_tally);
        var resumed = await Reconciliation.ResumeUnfinishedAsync(phases);

        Assert.NotNull(resumed);
        Assert.Equal(1, resumed.Resumes);
        var stored = await Get<ReconciliationRunStore>().ReadReportAsync(resumed.RunId);
        Assert.Equal(Comparable(fresh), Comparable(stored!));
        // The resumed walk still matched "a.b", "a", "a0" and "ab" from the query: only the orphan was asked about.
        Assert.Equal(1 + OrphanBlobs.Length, phases.StorePhase.GetValueOrDefault("table GET entity"));
    }

    [Fact]
    public async Task RunAsync_FortyCases_StorePhaseTakesAHandfulOfRequests()
    {
        const int cases = 40;
        await Seed([.. Enumerable.Range(0, cases).Select(c => $"SQ-{c:D2}")], 1);

        // Checkpoints at the default interval, not at every folder as this class's other tests.
        var service = ActivatorUtilities.CreateInstance<ReconciliationService>(
            Services, Options.Create(new ReconciliationOptions { VerificationGrace = TimeSpan.FromDays(1) }));
        var phases = new PhaseTally(_tally);
        var summary = await service.RunAsync(new ReconciliationRequest(ForceNew: true), phases);

        output.WriteLine($"store phase over {cases} cases: {phases.StorePhase.Values.Sum()} requests");
        foreach (var (operation, count) in phases.StorePhase)
        {
            output.WriteLine($"  {operation}: {count}");
        }

        Assert.Equal(0, summary.AnomalyCount);
        // The folder listing, the heads query, the checkpoints of the phase's start and end: nothing per case.
        Assert.True(phases.StorePhase.Values.Sum() <= 8, $"{phases.StorePhase.Values.Sum()} store-phase requests for {cases} cases");
        Assert.Equal(0, phases.StorePhase.GetValueOrDefault("table GET entity"));
    }

    private async Task SeedPrefixCasesWithOrphanAsync()
    {
        await Seed(PrefixCases, 2);
        foreach (var blob in OrphanBlobs)
        {
            await Storage.Evidence.GetBlobClient(blob).UploadAsync(new BinaryData("no row points here"u8.ToArray()));
        }

        Time.Advance(TimeSpan.FromMinutes(20));
    }

    private async Task<ReconciliationReport> ReconcileAsync(IProgress<ReconciliationProgress> progress)
    {
        var summary = await Reconciliation.RunAsync(new ReconciliationRequest(ForceNew: true), progress);
        return (await Get<ReconciliationRunStore>().ReadReportAsync(summary.RunId))!;
    }

    /// <summary>
    /// The requests sent between the index phase's last progress report and the store phase's last: the store phase's
    /// (with the checkpoint that enters it). Progress is reported synchronously, so the marks fall between requests.
    /// </summary>
    private sealed class PhaseTally(StorageRequestTally tally) : IProgress<ReconciliationProgress>
    {
        private IReadOnlyList<KeyValuePair<string, long>> _beforeStore = tally.Snapshot();
        private IReadOnlyList<KeyValuePair<string, long>> _afterStore = [];

        public Dictionary<string, long> StorePhase =>
            _afterStore.ToDictionary(c => c.Key, c => c.Value - _beforeStore.FirstOrDefault(b => b.Key == c.Key).Value, StringComparer.Ordinal)
                .Where(c => c.Value > 0).ToDictionary(StringComparer.Ordinal);

        public void Report(ReconciliationProgress value)
        {
            if (value.Phase == ReconciliationPhase.Index)
            {
                _beforeStore = tally.Snapshot();
            }
            else if (value.Phase == ReconciliationPhase.Store)
            {
                _afterStore = tally.Snapshot();
            }
        }
    }

    /// <summary>Writes <paramref name="caseId"/>'s head when the store phase has read a page of the heads query.</summary>
    private sealed class HeadAtHeadsPage(TableClient documents, string caseId) : IFaultInjector
    {
        public int PagesRead { get; private set; }

        public async ValueTask AtAsync(string stepName, string subject, CancellationToken cancellationToken = default)
        {
            if (stepName == FaultSteps.ReconcileHeadsRead && subject == documents.Name && PagesRead++ == 0)
            {
                await documents.AddEntityAsync(new TableEntity(caseId, DocumentRowKeys.CaseHead) { ["Sequence"] = 0L }, cancellationToken);
            }
        }
    }
}
