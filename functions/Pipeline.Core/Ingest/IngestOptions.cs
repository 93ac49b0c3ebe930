namespace Pipeline.Ingest;

/// <summary>Options of <see cref="IngestService"/> and <see cref="UploadSpool"/>.</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Pipeline:Ingest";

    /// <summary>
    /// Where an upload is spooled while it is hashed and checked. Default: the system temp folder. Spooling means the
    /// bytes written to evidence are exactly the bytes that were hashed and validated, whatever happens to intake meanwhile.
    /// </summary>
    public string? SpoolDirectory { get; set; }

    /// <summary>How often one upload is retried when the portal replaces it while it is being ingested. Default 3.</summary>
    public int MaxAttemptsWhenIntakeChanges { get; set; } = 3;
}
