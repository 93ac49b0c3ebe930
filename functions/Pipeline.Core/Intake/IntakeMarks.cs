namespace Pipeline.Intake;

/// <summary>
/// Blob index tags the pipeline puts on an intake blob once it has been handled. Tags do not change the blob's
/// ETag and can drive lifecycle rules; an untagged intake blob is one the pipeline has not finished with.
/// </summary>
public static class IntakeMarks
{
    public const string StateTag = "pipeline-state";
    public const string DocumentTag = "pipeline-document";

    public const string Ingested = "ingested";
    public const string Duplicate = "duplicate";
    public const string Rejected = "rejected";
    public const string Conflict = "conflict";

    public static bool IsProcessed(IDictionary<string, string>? tags) =>
        tags is not null && tags.TryGetValue(StateTag, out var state) && !string.IsNullOrEmpty(state);
}
