namespace Pipeline.Reconciliation;

/// <summary>Options of <see cref="ReconciliationService"/>.</summary>
public sealed class ReconciliationOptions
{
    public const string SectionName = "Pipeline:Reconciliation";

    /// <summary>NCRONTAB (six fields, UTC) of the nightly run. Default <c>0 0 2 * * *</c>: 02:00, after the day's uploads.</summary>
    public string Schedule { get; set; } = "0 0 2 * * *";

    /// <summary>An untagged intake blob older than this was missed by its trigger (reported <c>stuck</c>; the intake sweep re-drives it). Default 15 minutes.</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A document whose bytes were not verified within this is reported <c>unverified</c> and re-checked. Default 7 days.</summary>
    public TimeSpan VerificationMaxAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>A document ingested within this is not yet expected to be verified. Default 15 minutes.</summary>
    public TimeSpan VerificationGrace { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// A check dead-lettered (or poisoned) longer ago than this is a <c>dead-lettered</c> finding; younger ones are the
    /// operator's to replay first. Default 1 hour.
    /// </summary>
    public TimeSpan DeadLetterFindingAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The Service Bus queue of a sharded run's shards when the check transport is <c>ServiceBus</c> (infra sets it).
    /// Default <c>reconciliation-shards</c>; the Storage queue is <c>Pipeline:Storage:ReconciliationShardQueue</c>.
    /// </summary>
    public string ShardQueue { get; set; } = "reconciliation-shards";

    /// <summary>Queue an integrity check for every unverified, missing or changed document. Default true.</summary>
    public bool EnqueueChecks { get; set; } = true;

    /// <summary>
    /// An unfinished run younger than this is resumed rather than started again. Default 3 days: longer than a
    /// schedule period, so a store too large for one host invocation is finished across several, never restarted.
    /// </summary>
    public TimeSpan ResumeWithin { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// The most rows (of all kinds) of one case that the range scan holds in memory; a larger case is read on its own,
    /// as a stream. Default 5,000 (a few MiB).
    /// </summary>
    public int CaseSnapshotMaxRows { get; set; } = 5_000;

    /// <summary>
    /// Cases per bounded query of the documents table when a range is open above (a single-process run, a sharded run's
    /// last shard; the bounds come from the evidence listing's case folders, see <see cref="CaseWindows"/>); 0 reads a
    /// range as one query. Azurite sorts every remaining match of a query for each page, so an open-ended scan of a large
    /// table costs it far more than bounded windows; on Azure a window costs about one request more. Default 100.
    /// </summary>
    public int CasesPerTableWindow { get; set; } = 100;

    /// <summary>
    /// Cases read ahead of the one being compared, their blob listings already under way. Default 4; 1 reads one case
    /// at a time.
    /// </summary>
    public int CasesAhead { get; set; } = 4;

    /// <summary>
    /// List a range's evidence and quarantine blobs in one flat listing each, read in step with the range scan, rather
    /// than two listings per case (on the emulator each of those scans the whole container). A case whose rows and
    /// listing disagree is still listed on its own, after its rows. Default true.
    /// </summary>
    public bool FlatListings { get; set; } = true;

    /// <summary>
    /// Blobs per page of a flat listing. Default 5,000 (the service's maximum: the fewest requests). Every page has this
    /// size, so it bounds the reconciliation's peak memory, which nothing else of a run grows with the store: two pages per
    /// container are held (the one handed out, the next in flight). Measured on <c>local/pipeline reconcile</c> of
    /// 100,000 documents (in-memory Azurite, two stores, Azurite's blob GC sweeps kept out of the timed runs): Azurite CPU
    /// 106.5 and 113.4 s with 5,000-blob pages against 145.4 to 180.9 s (four runs) with 1,000 (Azurite sorts the
    /// container's remaining names twice for every page), for a peak RSS of 214-218 MiB against 161-171 MiB.
    /// </summary>
    public int ListingPageSize { get; set; } = 5_000;

    /// <summary>
    /// The most blobs of a flat listing held for cases the range scan reaches later (case "a-b" lists before case "a");
    /// beyond it they are dropped and those cases listed on their own. Default 5,000.
    /// </summary>
    public int OutOfOrderBlobs { get; set; } = 5_000;

    /// <summary>Evidence blobs read and hashed at a time by <c>--rehash</c>, across the case compared and the cases read ahead. Default 8.</summary>
    public int RehashConcurrency { get; set; } = 8;

    /// <summary>Checkpoint at least this often (units of work are cases, prefixes or listing pages). Default 50 units.</summary>
    public int CheckpointEveryUnits { get; set; } = 50;

    /// <summary>Checkpoint at least this often in time. Default 15 seconds.</summary>
    public TimeSpan CheckpointEvery { get; set; } = TimeSpan.FromSeconds(15);
}
