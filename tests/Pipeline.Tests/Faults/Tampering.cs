using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Pipeline.Index;
using Pipeline.Reconciliation;
using Pipeline.Storage;

namespace Pipeline.Tests.Faults;

/// <summary>
/// The tampering catalogue: what an operator with Storage Explorer or a compromised identity can do, through a second
/// storage client of its own (not the pipeline's). Each method returns the finding the next reconciliation must make.
/// </summary>
public sealed class Tampering(string connectionString, PipelineStorage names)
{
    private readonly BlobServiceClient _blobs = new(connectionString);
    private readonly TableClient _table = new TableServiceClient(connectionString).GetTableClient(names.Documents.Name);

    private BlobContainerClient Evidence => _blobs.GetBlobContainerClient(names.Evidence.Name);

    private BlobContainerClient Quarantine => _blobs.GetBlobContainerClient(names.Quarantine.Name);

    public async Task<InjectedFault> CorruptBytesAsync(DocumentRecord row)
    {
        var blob = Evidence.GetBlobClient(row.EvidenceBlob);
        var bytes = (await blob.DownloadContentAsync()).Value.Content.ToArray();
        bytes[bytes.Length / 2] ^= 0x20;
        var properties = (await blob.GetPropertiesAsync()).Value;
        await blob.UploadAsync(new BinaryData(bytes), new Azure.Storage.Blobs.Models.BlobUploadOptions { Metadata = properties.Metadata });
        return new("bytes corrupted", AnomalyKinds.Changed, row.CaseId, row.DocumentId);
    }

    public async Task<InjectedFault> DeleteBlobAsync(DocumentRecord row)
    {
        await Evidence.GetBlobClient(row.EvidenceBlob).DeleteAsync();
        return new("blob deleted", AnomalyKinds.Missing, row.CaseId, row.DocumentId);
    }

    /// <summary>Bytes replaced, the blob's sha256 metadata and the row's digests, length and ETag rewritten to match: only the chain disagrees.</summary>
    public async Task<InjectedFault> ReplaceConsistentlyAsync(DocumentRecord row)
    {
        await Pipeline.Tests.Reconciliation.Forgery.ReplaceConsistentlyAsync(Evidence, _table, row, Encoding.UTF8.GetBytes($"forged in place of {row.CaseId}/{row.DocumentId}"));
        return new("blob replaced consistently with its row", AnomalyKinds.Changed, row.CaseId, row.DocumentId);
    }

    public async Task<InjectedFault> StripMetadataAsync(DocumentRecord row)
    {
        await Evidence.GetBlobClient(row.EvidenceBlob).SetMetadataAsync(new Dictionary<string, string>());
        return new("metadata stripped", AnomalyKinds.Changed, row.CaseId, row.DocumentId);
    }

    public async Task<InjectedFault> DeleteRowAsync(DocumentRecord row)
    {
        await _table.DeleteEntityAsync(row.CaseId, row.DocumentId);
        return new("row deleted", AnomalyKinds.Missing, row.CaseId, row.DocumentId);
    }

    public async Task<InjectedFault> EditRowAsync(DocumentRecord row)
    {
        await _table.UpdateEntityAsync(new TableEntity(row.CaseId, row.DocumentId) { ["FileName"] = "innocuous.txt" }, ETag.All, TableUpdateMode.Merge);
        return new("row field edited", AnomalyKinds.IndexAltered, row.CaseId, row.DocumentId);
    }

    public async Task<InjectedFault> RetypeRowAsync(DocumentRecord row)
    {
        // What the JS table SDK writes for a plain number: a 32-bit integer.
        await _table.UpdateEntityAsync(new TableEntity(row.CaseId, row.DocumentId) { ["Length"] = (int)row.Length }, ETag.All, TableUpdateMode.Merge);
        return new("row property retyped", AnomalyKinds.MalformedRow, row.CaseId, row.DocumentId);
    }

    public async Task<InjectedFault> DeleteAuditRecordAsync(string caseId, long sequence)
    {
        await _table.DeleteEntityAsync(caseId, DocumentRowKeys.Audit(sequence));
        return new("audit record deleted", AnomalyKinds.ChainBroken, caseId, null);
    }

    public async Task<InjectedFault> EditAuditRecordAsync(string caseId, long sequence)
    {
        await _table.UpdateEntityAsync(new TableEntity(caseId, DocumentRowKeys.Audit(sequence)) { ["Detail"] = "a quieter version of events" }, ETag.All, TableUpdateMode.Merge);
        return new("audit record edited", AnomalyKinds.ChainBroken, caseId, null);
    }

    public async Task<InjectedFault> ReorderAuditRecordsAsync(string caseId, long first)
    {
        var a = (await _table.GetEntityAsync<TableEntity>(caseId, DocumentRowKeys.Audit(first))).Value;
        var b = (await _table.GetEntityAsync<TableEntity>(caseId, DocumentRowKeys.Audit(first + 1))).Value;
        (a.RowKey, b.RowKey) = (b.RowKey, a.RowKey);
        await _table.UpsertEntityAsync(a, TableUpdateMode.Replace);
        await _table.UpsertEntityAsync(b, TableUpdateMode.Replace);
        return new("audit records reordered", AnomalyKinds.ChainBroken, caseId, null);
    }

    public async Task<InjectedFault> DeleteHeadAsync(string caseId)
    {
        await _table.DeleteEntityAsync(caseId, DocumentRowKeys.CaseHead);
        return new("chain head deleted", AnomalyKinds.ChainBroken, caseId, null);
    }

    public async Task<InjectedFault> EraseCaseAsync(string caseId)
    {
        await foreach (var entity in _table.QueryAsync<TableEntity>(e => e.PartitionKey == caseId, select: ["PartitionKey", "RowKey"]))
        {
            await _table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey);
        }

        await foreach (var blob in Evidence.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = caseId + "/" }))
        {
            await Evidence.DeleteBlobAsync(blob.Name);
        }

        await foreach (var blob in Quarantine.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = caseId + "/" }))
        {
            await Quarantine.DeleteBlobAsync(blob.Name);
        }

        return new("case erased", AnomalyKinds.ChainBroken, caseId, null);
    }

    public async Task<InjectedFault> DeleteQuarantinedAsync(DocumentRecord rejected)
    {
        await Quarantine.GetBlobClient(rejected.QuarantineBlob).DeleteAsync();
        return new("quarantined bytes deleted", AnomalyKinds.Missing, rejected.CaseId, rejected.DocumentId);
    }

    public async Task<InjectedFault> DropUntrackedAsync(string caseId, string documentId, bool quarantine)
    {
        var container = quarantine ? Quarantine : Evidence;
        var name = quarantine ? $"{caseId}/{documentId}/{new string('0', 64)}/dropped.txt" : $"{caseId}/{documentId}/dropped.txt";
        await container.GetBlobClient(name).UploadAsync(BinaryData.FromString("dropped by hand"));
        return new(quarantine ? "untracked blob in quarantine" : "untracked blob in evidence", AnomalyKinds.Untracked, caseId, documentId);
    }
}
