using System.Text;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pipeline.EvidenceStore;
using Pipeline.Faults;
using Pipeline.Hosting;
using Pipeline.Ingest;
using Pipeline.Reconciliation;
using Pipeline.Storage;
using Xunit.Abstractions;

namespace Pipeline.Tests.Reconciliation;

/// <summary>
/// Reconciliation lists a range's blobs in one flat listing per container, in step with the range scan, and reports
/// exactly what listing each case on its own reports: for case ids that list out of the table's order, with the
/// out-of-order buffer overflowing, sharded, and while uploads land between the listing and the rows.
/// </summary>
public sealed class FlatListingTests(ITestOutputHelper output) : ReconciliationTestBase
{
    // Table order c < c-1 < c-1-x < c.2 < d < d-1; listing order c-1-x/ < c-1/ < c.2/ < c/ < d-1/ < d/ ('-' and '.'
    // sort below '/'). '.' is not in any case id the ingest accepts, but a row can carry one.
    private static readonly string[] PrefixCases = ["c", "c-1", "c-1-x", "c.2", "d", "d-1"];
    private readonly StorageRequestTally _tally = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Pipeline:Reconciliation:VerificationGrace", "1.00:00:00"),
        // Folders span pages, and the next page is in flight while one is handed out.
        new("Pipeline:Reconciliation:ListingPageSize", "3"),
        new("Pipeline:Reconciliation:CasesAhead", "2"),
        new("Pipeline:Reconciliation:Sharding:CasesPerShard", "1"),
        new("Pipeline:Reconciliation:Sharding:PollInterval", "00:00:00.100"),
    ];

    protected override void ConfigureServices(IServiceCollection services) => services.AddPipelineStorageClients(_tally.Attach);

    [Fact]
    public async Task RunAsync_CaseIdsPrefixesOfOthers_FindingsAsFromPerCaseListings()
    {
        await SeedAndTamperAsync();

        var (flat, flatListings) = await ReconcileCountingAsync(_ => { });
        var (perCase, perCaseListings) = await ReconcileCountingAsync(o => o.FlatListings = false);

        output.WriteLine($"listing requests: flat {flatListings}, per case {perCaseListings}");
        Assert.Equal(Comparable(perCase), Comparable(flat));
        AssertTamperingFound(flat);
    }

    [Fact]
    public async Task RunAsync_OutOfOrderBufferOverItsBound_FallsBackToPerCaseListingsSameFindings()
    {
        await SeedAndTamperAsync();

        var (buffered, bufferedListings) = await ReconcileCountingAsync(_ => { });
        var (overflowed, overflowedListings) = await ReconcileCountingAsync(o => o.OutOfOrderBlobs = 1);
        var perCase = await ReconcileWithAsync(o => o.FlatListings = false);

        output.WriteLine($"listing requests: buffered {bufferedListings}, overflowed {overflowedListings}");
        Assert.Equal(Comparable(perCase), Comparable(overflowed));
        Assert.Equal(Comparable(perCase), Comparable(buffered));
        AssertTamperingFound(overflowed);
        // The clean case d-1 (listed before d) came from the buffer; once it overflowed, from its own two listings.
        Assert.True(overflowedListings >= bufferedListings + 2, $"{overflowedListings} listing requests overflowed, {bufferedListings} buffered");
    }

    [Fact]
    public async Task RunAsync_ShardedCaseIdsPrefixesOfOthers_FindingsAsSingleProcess()
    {
        await SeedAndTamperAsync();

        var single = await ReconcileAsync();
        using var stop = new CancellationTokenSource();
        var workers = Get<IReconciliationShardReceiver>().RunAsync(2, stop.Token);
        ReconciliationReport sharded;
        try
        {
            sharded = await ReconcileAsync(new ReconciliationRequest(ForceNew: true, Sharded: true));
        }
        finally
        {
            await stop.CancelAsync();
            await workers;
        }

        var shards = Assert.IsType<ReconciliationShards>(sharded.Shards);
        output.WriteLine(string.Join(", ", shards.Items.Select(s => $"({s.After}, {s.Through}]")));
        Assert.True(shards.Count >= 3, $"{shards.Count} shards");
        Assert.Equal((shards.Count, 0), (shards.Completed, shards.Failed));
        Assert.Equal(Comparable(single), Comparable(sharded));
        AssertTamperingFound(sharded);
    }

    [Fact]
    public async Task RunAsync_ManyCases_FarFewerListingRequestsThanTwoPerCase()
    {
        const int cases = 40;
        await Seed([.. Enumerable.Range(0, cases).Select(c => $"RQ-{c:D2}")], 2);

        var (report, flat) = await ReconcileCountingAsync(o => o.ListingPageSize = 5_000);
        var (_, perCase) = await ReconcileCountingAsync(o => o.FlatListings = false);

        output.WriteLine($"listing requests for {cases} cases: flat {flat}, per case {perCase}");
        Assert.Equal((0, cases * 2L), (report.AnomalyCount, report.DocumentsChecked));
        // One evidence and one quarantine listing (a page each), the store phase's folder listing, intake and the run's own containers.
        Assert.True(flat <= 8, $"{flat} listing requests for {cases} cases");
        Assert.True(perCase >= 2 * cases, $"{perCase} listing requests per case");
    }

    /// <summary>A document ingested after the flat listing's page was read but before its case's rows: listed again, not missing.</summary>
    [Fact]
    public async Task RunAsync_DocumentIngestedBetweenListingAndRows_NoFalseFinding()
    {
        // "h1" is too large for a snapshot, so the scan reads "h2" with a new query, after h1 and its listing page.
        await Seed(["h1"], 6);
        await Seed(["h2"], 1);
        var hook = new IngestAtFirstPage(this);
        var service = ReconcileWith(o => (o.CaseSnapshotMaxRows, o.CasesAhead, o.ListingPageSize) = (10, 1, 5_000), hook);

        var report = await service.RunAsync(new ReconciliationRequest(ForceNew: true));

        Assert.True(hook.Ingested);
        Assert.Equal(2, (await DocumentsAsync("h2")).Count);
        Assert.Equal(8, report.DocumentsChecked);
        Assert.Empty((await Get<ReconciliationRunStore>().ReadReportAsync(report.RunId))!.Anomalies);
    }

    [Fact]
    public void RangeEnd_CasePrefixOfUpperBoundBeforeSlash_ExtendsToItsFolder()
    {
        Assert.Equal("c-10", CaseFolders.RangeEnd("c", "c-1-x"));
        Assert.Equal("c0", CaseFolders.RangeEnd(null, "c-1"));
        Assert.Equal("case-00410", CaseFolders.RangeEnd("case-0040", "case-0041"));
        Assert.Null(CaseFolders.RangeEnd("c", null));
        Assert.Equal("case-00", CaseFolders.RangePrefix("case-0040", "case-0080"));
        Assert.Equal("", CaseFolders.RangePrefix(null, "case-0080"));
    }

    /// <summary>A run with <paramref name="configure"/>'s settings, and the listing requests it sent.</summary>
    private async Task<(ReconciliationReport Report, long Listings)> ReconcileCountingAsync(Action<ReconciliationOptions> configure)
    {
        _tally.Reset();
        var report = await ReconcileWithAsync(configure);
        return (report, Listings());
    }

    private long Listings() => _tally.Snapshot().Where(c => c.Key.EndsWith("?restype=container ?comp=list", StringComparison.Ordinal)).Sum(c => c.Value);

    /// <summary>One finding per case of those that list out of order: missing, untracked, changed and untracked quarantine.</summary>
    private async Task SeedAndTamperAsync()
    {
        await Seed(PrefixCases, 3);
        await Storage.Evidence.GetBlobClient("c/doc-0001/doc-0001.txt").DeleteAsync();
        await Storage.Evidence.GetBlobClient("c-1/stray/stray.txt").UploadAsync(new BinaryData("not indexed"u8.ToArray()));
        await Storage.Evidence.GetBlobClient("c.2/doc-0002/doc-0002.txt").SetMetadataAsync(new Dictionary<string, string> { [EvidenceMetadata.Sha256] = new string('0', 64) });
        await Storage.Quarantine.GetBlobClient("c-1-x/stray/0000/upload").UploadAsync(new BinaryData(Encoding.UTF8.GetBytes("no record")));
        Time.Advance(TimeSpan.FromMinutes(20));
    }

    private static void AssertTamperingFound(ReconciliationReport report) =>
        Assert.Equal(
            [
                (AnomalyKinds.Changed, "c.2", "doc-0002"),
                (AnomalyKinds.Missing, "c", "doc-0001"),
                (AnomalyKinds.Untracked, "c-1", "stray"),
                (AnomalyKinds.Untracked, "c-1-x", "stray"),
            ],
            report.Anomalies.Select(a => (a.Kind, a.CaseId, a.DocumentId)).Order().ToList());

    private async Task<ReconciliationReport> ReconcileWithAsync(Action<ReconciliationOptions> configure)
    {
        var summary = await ReconcileWith(configure).RunAsync(new ReconciliationRequest(ForceNew: true));
        return (await Get<ReconciliationRunStore>().ReadReportAsync(summary.RunId))!;
    }

    /// <summary>A service with this class's reconciliation settings changed by <paramref name="configure"/>.</summary>
    private ReconciliationService ReconcileWith(Action<ReconciliationOptions> configure, IFaultInjector? faults = null)
    {
        var configured = Get<IOptions<ReconciliationOptions>>().Value;
        var options = new ReconciliationOptions
        {
            VerificationGrace = configured.VerificationGrace,
            ListingPageSize = configured.ListingPageSize,
            CasesAhead = configured.CasesAhead,
        };
        configure(options);
        return faults is null
            ? ActivatorUtilities.CreateInstance<ReconciliationService>(Services, Options.Create(options))
            : ActivatorUtilities.CreateInstance<ReconciliationService>(Services, Options.Create(options), faults);
    }

    /// <summary>Ingests a document into case h2 when the evidence listing's first page has been read.</summary>
    private sealed class IngestAtFirstPage(FlatListingTests test) : IFaultInjector
    {
        public bool Ingested { get; private set; }

        public async ValueTask AtAsync(string stepName, string subject, CancellationToken cancellationToken = default)
        {
            if (stepName == FaultSteps.ReconcileListed && subject == test.Storage.Evidence.Name && !Ingested)
            {
                Ingested = true;
                var intake = await test.UploadTextAsync("h2", "late", "landed while the listing was read");
                var result = await test.Get<IngestService>().IngestAsync(intake, cancellationToken);
                Assert.Equal(IngestOutcome.Accepted, result.Outcome);
            }
        }
    }
}
