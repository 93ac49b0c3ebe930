using Azure;
using Azure.Storage.Blobs.Models;

namespace Pipeline.Intake;

/// <summary>
/// What the pipeline knows about one version (ETag) of an intake blob before reading its bytes: from a listing
/// (which carries properties, metadata and tags, so the ingest asks for none of them again) or from reading its
/// properties. The bytes are always read pinned to <see cref="ETag"/>, so a stale snapshot cannot be ingested.
/// </summary>
public sealed class IntakeSnapshot
{
    private IntakeSnapshot(
        string name, ETag etag, string? contentType, long contentLength, DateTimeOffset createdOn, IDictionary<string, string>? metadata, IDictionary<string, string>? tags)
    {
        Name = name;
        ETag = etag;
        ContentType = contentType;
        ContentLength = contentLength;
        CreatedOn = createdOn;
        Metadata = metadata is null
            ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(metadata, StringComparer.OrdinalIgnoreCase);
        _tags = tags is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(tags, StringComparer.Ordinal);
    }

    private readonly Dictionary<string, string> _tags;

    public string Name { get; }

    public ETag ETag { get; }

    public string? ContentType { get; }

    public long ContentLength { get; }

    public DateTimeOffset CreatedOn { get; }

    /// <summary>The portal's metadata, read case-insensitively.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    public IReadOnlyDictionary<string, string> Tags => _tags;

    /// <summary>True when this version carries the pipeline's mark (it was handled).</summary>
    public bool IsMarked => IntakeMarks.IsProcessed(_tags, ETag);

    /// <summary>True when a failed ingest of this version was recorded (see <see cref="IntakeMarks.FailedTag"/>).</summary>
    public bool HasFailed => IntakeMarks.HasFailed(_tags, ETag);

    /// <summary>From a listing made with <see cref="BlobTraits.Metadata"/> and <see cref="BlobTraits.Tags"/>.</summary>
    public static IntakeSnapshot FromListing(BlobItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var properties = item.Properties;
        return new IntakeSnapshot(
            item.Name,
            properties.ETag ?? throw new InvalidOperationException($"The listing gave intake blob {Hosting.DiagnosticName.Of(item.Name)} no ETag."),
            properties.ContentType,
            properties.ContentLength ?? 0,
            properties.CreatedOn ?? properties.LastModified ?? DateTimeOffset.MinValue,
            item.Metadata,
            item.Tags);
    }

    public static IntakeSnapshot FromProperties(string name, BlobProperties properties, IDictionary<string, string>? tags)
    {
        ArgumentNullException.ThrowIfNull(properties);
        return new IntakeSnapshot(name, properties.ETag, properties.ContentType, properties.ContentLength, properties.CreatedOn, properties.Metadata, tags);
    }
}
