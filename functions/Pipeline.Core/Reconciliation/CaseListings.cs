using Azure.Storage.Blobs.Models;

namespace Pipeline.Reconciliation;

/// <summary>A case's evidence blobs (with metadata) and quarantine blobs (with when each landed), listed after its rows were read.</summary>
internal sealed class CaseListings(Dictionary<string, BlobItem> evidence, Dictionary<string, DateTimeOffset> quarantine)
{
    public Dictionary<string, BlobItem> Evidence { get; } = evidence;

    public Dictionary<string, DateTimeOffset> Quarantine { get; } = quarantine;
}
