namespace Pipeline.Faults;

/// <summary>The steps at which <see cref="IFaultInjector"/> is called: each is a point a crash can interrupt.</summary>
public static class FaultSteps
{
    /// <summary>Ingest: the upload is spooled and hashed, nothing stored yet.</summary>
    public const string IngestSpooled = "ingest.spooled";

    /// <summary>Ingest: the evidence blob is written, no row yet.</summary>
    public const string IngestStored = "ingest.stored";

    /// <summary>Ingest: row and audit record committed, first check not queued.</summary>
    public const string IngestIndexed = "ingest.indexed";

    /// <summary>Ingest: first check queued, intake not marked.</summary>
    public const string IngestQueued = "ingest.queued";

    /// <summary>Check: the bytes are re-hashed, the verdict not yet written.</summary>
    public const string CheckMeasured = "check.measured";

    /// <summary>Reconciliation: a shard worker has its shard, nothing reconciled yet (subject <c>{runId}/{shard}</c>).</summary>
    public const string ReconcileShard = "reconcile.shard";

    /// <summary>Reconciliation: a page of a range's flat blob listing is read, its cases' rows perhaps not yet (subject: the container).</summary>
    public const string ReconcileListed = "reconcile.listed";

    /// <summary>Reconciliation: a page of the store phase's case-head query is read, its folders not yet handled (subject: the table).</summary>
    public const string ReconcileHeadsRead = "reconcile.heads-read";

    /// <summary>Reconciliation: a local shard worker is about to receive from the shard queue (subject: the queue).</summary>
    public const string ReconcileShardReceive = "reconcile.shard-receive";

    /// <summary>The ingest and check steps (the fault suite crashes each); <see cref="ReconcileShard"/> is tested with the sharded run.</summary>
    public static IReadOnlyList<string> All { get; } = [IngestSpooled, IngestStored, IngestIndexed, IngestQueued, CheckMeasured];
}
