using Azure.Storage.Blobs.Models;

namespace Pipeline.Reconciliation;

/// <summary>
/// A case's evidence blobs (with metadata) and quarantine blobs (with when each landed): listed on their own after the
/// case's rows were read (<paramref name="afterRows"/>), or taken from a range's flat listings, perhaps read before them.
/// </summary>
internal sealed class CaseListings(Dictionary<string, BlobItem> evidence, Dictionary<string, DateTimeOffset> quarantine, bool afterRows)
{
    /// <summary>Listed after the case's rows were read, so every row's blob is in it.</summary>
    public bool AfterRows { get; } = afterRows;

    public Dictionary<string, BlobItem> Evidence { get; } = evidence;

    public Dictionary<string, DateTimeOffset> Quarantine { get; } = quarantine;

    /// <summary>When a quarantine blob landed, as its listing says.</summary>
    public static DateTimeOffset LandedAt(BlobItem blob) => blob.Properties.CreatedOn ?? blob.Properties.LastModified ?? DateTimeOffset.MinValue;
}
