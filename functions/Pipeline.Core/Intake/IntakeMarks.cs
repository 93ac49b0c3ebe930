using Azure;

namespace Pipeline.Intake;

/// <summary>
/// Blob index tags the pipeline puts on an intake blob once it has been handled. Tags do not change the blob's
/// ETag and can drive lifecycle rules. The mark names the ETag it was made for: a blob the portal replaced after
/// it was handled (whether or not the service kept its tags) is a new upload, not a handled one.
/// </summary>
public static class IntakeMarks
{
    public const string StateTag = "pipeline-state";
    public const string DocumentTag = "pipeline-document";
    public const string ETagTag = "pipeline-etag";

    /// <summary>
    /// Put on a version whose ingest failed (its value names the version's ETag), so the sweep looks up the failure
    /// record to back off only for blobs that have one, not once for every unmarked upload.
    /// </summary>
    public const string FailedTag = "pipeline-failed";

    public const string Ingested = "ingested";
    public const string Duplicate = "duplicate";
    public const string Rejected = "rejected";
    public const string Conflict = "conflict";

    /// <summary>True when the tags mark the blob version with <paramref name="etag"/> as handled.</summary>
    public static bool IsProcessed(IDictionary<string, string>? tags, ETag? etag) =>
        tags is not null
        && tags.TryGetValue(StateTag, out var state) && !string.IsNullOrEmpty(state)
        && etag is { } current
        && tags.TryGetValue(ETagTag, out var marked) && string.Equals(marked, TagValue(current), StringComparison.Ordinal);

    /// <summary>The mark's state for <paramref name="etag"/>, or null when that version is not marked.</summary>
    public static string? StateOf(IDictionary<string, string>? tags, ETag? etag) =>
        IsProcessed(tags, etag) ? tags![StateTag] : null;

    /// <summary>True when the tags record a failed ingest of the version with <paramref name="etag"/>.</summary>
    public static bool HasFailed(IDictionary<string, string>? tags, ETag etag) =>
        tags is not null && tags.TryGetValue(FailedTag, out var failed) && string.Equals(failed, TagValue(etag), StringComparison.Ordinal);

    /// <summary>Tag values allow letters, digits, space and <c>+-./:=_</c>; an ETag is quoted hex, so the quotes go.</summary>
    public static string TagValue(ETag etag) => etag.ToString().Trim('"');
}
