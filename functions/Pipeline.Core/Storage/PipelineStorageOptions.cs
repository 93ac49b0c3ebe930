namespace Pipeline.Storage;

/// <summary>Names of the storage resources the pipeline uses. Operators and other tools rely on the defaults.</summary>
public sealed class PipelineStorageOptions
{
    public const string SectionName = "Pipeline:Storage";

    /// <summary>Where portals upload. Default <c>intake</c>.</summary>
    public string IntakeContainer { get; set; } = "intake";

    /// <summary>Accepted documents, written create-only. Default <c>evidence</c>.</summary>
    public string EvidenceContainer { get; set; } = "evidence";

    /// <summary>Rejected uploads, kept with their reasons. Default <c>quarantine</c>.</summary>
    public string QuarantineContainer { get; set; } = "quarantine";

    /// <summary>Reconciliation reports, run checkpoints and the run lock. Default <c>reports</c>.</summary>
    public string ReportsContainer { get; set; } = "reports";

    /// <summary>
    /// Chain heads each reconciliation run saw, written create-only under per-run names (version-level WORM in Azure,
    /// where the app may create but never overwrite or delete). Default <c>anchors</c>.
    /// </summary>
    public string AnchorsContainer { get; set; } = "anchors";

    /// <summary>One row per document, plus each case's audit chain. Default <c>documents</c>.</summary>
    public string DocumentsTable { get; set; } = "documents";

    /// <summary>Storage queue carrying integrity-check requests. Default <c>integrity-checks</c>.</summary>
    public string IntegrityQueue { get; set; } = "integrity-checks";

    /// <summary>Storage queue carrying a sharded reconciliation's shards to its workers. Default <c>reconciliation-shards</c>.</summary>
    public string ReconciliationShardQueue { get; set; } = "reconciliation-shards";
}
