namespace Pipeline.Ingest;

public enum IngestOutcome
{
    /// <summary>Stored in evidence, indexed, audited and queued for its first integrity check.</summary>
    Accepted,

    /// <summary>The same bytes were already ingested under this document id; nothing changed (beyond finishing steps a crash left undone).</summary>
    Duplicate,

    /// <summary>Failed validation: quarantined with its reasons and recorded.</summary>
    Rejected,

    /// <summary>The document id already holds other bytes: the new upload was quarantined and the conflict audited; both are kept.</summary>
    Conflict,

    /// <summary>The intake blob was already marked as handled: a repeated trigger.</summary>
    AlreadyProcessed,

    /// <summary>The intake blob does not exist (a trigger for a blob that is gone).</summary>
    NotFound,

    /// <summary>Ingest threw (reported by sweeps, which carry on); the blob stays unmarked and is retried by the next sweep.</summary>
    Failed,
}
