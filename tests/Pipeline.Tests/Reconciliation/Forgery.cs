using System.Security.Cryptography;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Pipeline.EvidenceStore;
using Pipeline.Index;
using Pipeline.Storage;

namespace Pipeline.Tests.Reconciliation;

/// <summary>What an insider with a second storage client can do to a stored document.</summary>
internal static class Forgery
{
    /// <summary>
    /// Replaces the evidence bytes, sets the blob's sha256 metadata to the new digest and rewrites the row's Sha256,
    /// Md5, Length and EvidenceETag to match: blob and row agree with each other, only the audit chain disagrees.
    /// </summary>
    public static Task ReplaceConsistentlyAsync(PipelineStorage storage, DocumentRecord row, byte[] forged) =>
        ReplaceConsistentlyAsync(storage.Evidence, storage.Documents, row, forged);

    /// <summary>As above, through the given clients (e.g. a second client of the tamperer's own).</summary>
    public static async Task ReplaceConsistentlyAsync(Azure.Storage.Blobs.BlobContainerClient evidence, TableClient documents, DocumentRecord row, byte[] forged)
    {
        var blob = evidence.GetBlobClient(row.EvidenceBlob);
        var metadata = new Dictionary<string, string>((await blob.GetPropertiesAsync()).Value.Metadata, StringComparer.OrdinalIgnoreCase)
        {
            [EvidenceMetadata.Sha256] = Convert.ToHexStringLower(SHA256.HashData(forged)),
        };
        var written = await blob.UploadAsync(new MemoryStream(forged), new BlobUploadOptions { Metadata = metadata });
        await documents.UpdateEntityAsync(
            new TableEntity(row.PartitionKey, row.RowKey)
            {
                [nameof(DocumentRecord.Sha256)] = metadata[EvidenceMetadata.Sha256],
                [nameof(DocumentRecord.Md5)] = Convert.ToBase64String(written.Value.ContentHash),
                [nameof(DocumentRecord.Length)] = (long)forged.Length,
                [nameof(DocumentRecord.EvidenceETag)] = written.Value.ETag.ToString(),
            },
            Azure.ETag.All);
    }

    /// <summary>Merges <paramref name="properties"/> into the row as a second client would write them (types as given).</summary>
    public static Task EditRowAsync(PipelineStorage storage, string caseId, string rowKey, IDictionary<string, object> properties) =>
        storage.Documents.UpdateEntityAsync(new TableEntity(properties) { PartitionKey = caseId, RowKey = rowKey }, Azure.ETag.All);
}
