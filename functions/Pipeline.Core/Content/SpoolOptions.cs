namespace Pipeline.Content;

/// <summary>Options of <see cref="UploadSpool"/>; bound from the ingest section, where the setting has always been.</summary>
public sealed class SpoolOptions
{
    public const string SectionName = "Pipeline:Ingest";

    /// <summary>
    /// Where an upload is spooled while it is hashed and checked. Default: the system temp folder. Spooling means the
    /// bytes written to evidence are exactly the bytes that were hashed and validated, whatever happens to intake meanwhile.
    /// </summary>
    public string? SpoolDirectory { get; set; }
}
