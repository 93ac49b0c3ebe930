namespace Pipeline.Reconciliation;

/// <summary>What a shard worker did with a delivery, and so how the transport settles it.</summary>
public enum ShardDisposition
{
    /// <summary>Reconciled and its result saved (or saved already by an earlier delivery): remove the message.</summary>
    Completed,

    /// <summary>Failed on a delivery before the last: deliver again after the retry delay.</summary>
    RetryLater,

    /// <summary>Failed on its last allowed delivery: its failure is recorded for the coordinator; remove the message.</summary>
    Failed,

    /// <summary>For a run that is no longer the current one (finished, or replaced): nothing to do; remove the message.</summary>
    Stale,

    /// <summary>Not a shard request at all: set aside (poison / dead-letter), never retried.</summary>
    Malformed,
}
