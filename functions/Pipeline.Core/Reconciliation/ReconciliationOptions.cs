namespace Pipeline.Reconciliation;

/// <summary>Options of <see cref="ReconciliationService"/>.</summary>
public sealed class ReconciliationOptions
{
    public const string SectionName = "Pipeline:Reconciliation";

    /// <summary>NCRONTAB (six fields, UTC) of the nightly run. Default <c>0 0 2 * * *</c>: 02:00, after the day's uploads.</summary>
    public string Schedule { get; set; } = "0 0 2 * * *";

    /// <summary>An untagged intake blob older than this was missed by its trigger. Default 15 minutes.</summary>
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

    /// <summary>Ingest stuck intake blobs during the run. Default true: detection alone would leave the upload unprocessed.</summary>
    public bool RedriveStuck { get; set; } = true;

    /// <summary>Queue an integrity check for every unverified, missing or changed document. Default true.</summary>
    public bool EnqueueChecks { get; set; } = true;

    /// <summary>
    /// An unfinished run younger than this is resumed rather than started again. Default 3 days: longer than a
    /// schedule period, so a store too large for one host invocation is finished across several, never restarted.
    /// </summary>
    public TimeSpan ResumeWithin { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Checkpoint at least this often (units of work are cases, prefixes or listing pages). Default 50 units.</summary>
    public int CheckpointEveryUnits { get; set; } = 50;

    /// <summary>Checkpoint at least this often in time. Default 15 seconds.</summary>
    public TimeSpan CheckpointEvery { get; set; } = TimeSpan.FromSeconds(15);
}
