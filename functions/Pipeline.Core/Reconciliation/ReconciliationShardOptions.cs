namespace Pipeline.Reconciliation;

/// <summary>Options of the sharded reconciliation (<c>Pipeline:Reconciliation:Sharding</c>).</summary>
public sealed class ReconciliationShardOptions
{
    public const string SectionName = "Pipeline:Reconciliation:Sharding";

    /// <summary>Whether runs that do not say otherwise (the nightly timer, its resume) are sharded. Default false: one process.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// About how many cases one shard holds: the coordinator cuts a boundary every this many case folders of the evidence
    /// listing (cases with no evidence fall in whichever range holds their id). Default 50.
    /// </summary>
    public int CasesPerShard { get; set; } = 50;

    /// <summary>Deliveries of one shard before it is recorded as failed (at most <c>host.json</c>'s <c>maxDequeueCount</c>, 5). Default 3.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How long a failed shard waits before its next delivery (the local host; the Functions host uses <c>host.json</c>'s visibility timeout). Default 30 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the coordinator looks for the next shard's result. Default 1 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A shard with no result this long after it was sent (its message lost, or its worker killed every time) is recorded
    /// as failed, so a run always ends. Default 1 hour: <c>host.json</c>'s function timeout.
    /// </summary>
    public TimeSpan ShardTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long the local host's shard worker keeps a received message hidden, renewed while it works. Default 5 minutes.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
