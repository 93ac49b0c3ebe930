using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Pipeline.Audit;
using Pipeline.Content;
using Pipeline.EvidenceStore;
using Pipeline.Index;
using Pipeline.Storage;

namespace Pipeline.Tests.Reconciliation;

/// <summary>
/// Seeds accepted documents fast, with the pipeline's own types: each evidence blob as the ingest writes it (sha256 and
/// provenance in metadata, Content-MD5), then the case's rows, their <c>DocumentIngested</c> audit records (facts, hash
/// chain, key as <see cref="AuditChainKeys"/> says) and its head in one table transaction per 49 documents instead of
/// one per document. Reconciliation verifies all of it, so a seeding mistake shows up as findings.
/// </summary>
internal sealed class ReconciliationSeeder(PipelineStorage storage, AuditChainKeys keys)
{
    private const int DocumentsPerTransaction = 49; // two entities each, and the head: at most 100

    public async Task SeedAsync(IReadOnlyList<string> caseIds, int documentsPerCase, DateTimeOffset ingestedAt, Func<string, int, DateTimeOffset>? ingestedAtOf = null)
    {
        await Parallel.ForEachAsync(caseIds, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (caseId, token) =>
        {
            var rows = new DocumentRecord[documentsPerCase];
            await Parallel.ForEachAsync(Enumerable.Range(0, documentsPerCase), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = token }, async (d, inner) =>
                rows[d] = await StoreAsync(caseId, $"doc-{d:D4}", ingestedAtOf?.Invoke(caseId, d) ?? ingestedAt, inner));
            await IndexAsync(caseId, rows, token);
        });
    }

    /// <summary>Writes the document's evidence blob and returns the row that records it.</summary>
    private async Task<DocumentRecord> StoreAsync(string caseId, string documentId, DateTimeOffset ingestedAt, CancellationToken cancellationToken)
    {
        var fileName = documentId + ".txt";
        var bytes = Encoding.UTF8.GetBytes($"{caseId}/{documentId}: seeded evidence {new string('.', 48)}");
        var digest = await ContentHasher.HashAsync(new MemoryStream(bytes), cancellationToken: cancellationToken);
        var intakeBlob = $"{caseId}/{documentId}/{fileName}";
        var evidenceBlob = $"{caseId}/{documentId}/{fileName}";
        var written = await storage.Evidence.GetBlobClient(evidenceBlob).UploadAsync(
            new BinaryData(bytes),
            new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "text/plain", ContentHash = digest.Md5 },
                Metadata = new Dictionary<string, string>
                {
                    [EvidenceMetadata.Sha256] = digest.Sha256,
                    [EvidenceMetadata.CaseId] = caseId,
                    [EvidenceMetadata.DocumentId] = documentId,
                    [EvidenceMetadata.UploadedBy] = EvidenceMetadata.Encode("seeder@example.court"),
                    [EvidenceMetadata.IntakeBlob] = EvidenceMetadata.Encode(intakeBlob),
                },
            },
            cancellationToken);
        return new DocumentRecord
        {
            PartitionKey = caseId,
            RowKey = documentId,
            Sha256 = digest.Sha256,
            UploadKey = digest.Sha256,
            Md5 = Convert.ToBase64String(digest.Md5),
            Length = digest.Length,
            ContentType = "text/plain",
            FileName = fileName,
            EvidenceBlob = evidenceBlob,
            EvidenceETag = written.Value.ETag.ToString(),
            State = DocumentStates.Stored,
            UploadedBy = "seeder@example.court",
            UploadedAt = ingestedAt,
            IngestedAt = ingestedAt,
            IntakeBlob = intakeBlob,
        };
    }

    /// <summary>The rows with their audit records, chained in order, and the head, a transaction per <see cref="DocumentsPerTransaction"/>.</summary>
    private async Task IndexAsync(string caseId, IReadOnlyList<DocumentRecord> rows, CancellationToken cancellationToken)
    {
        CaseHead? head = null;
        foreach (var batch in rows.Chunk(DocumentsPerTransaction))
        {
            var actions = new List<TableTransactionAction>();
            var previous = head;
            foreach (var row in batch)
            {
                var record = new AuditRecord
                {
                    PartitionKey = caseId,
                    Sequence = (head?.Sequence ?? 0) + 1,
                    Kind = AuditKinds.DocumentIngested,
                    DocumentId = row.DocumentId,
                    Sha256 = row.Sha256,
                    Detail = $"{row.FileName} seeded as evidence blob {row.EvidenceBlob}",
                    Facts = DocumentFacts.Of(row).ToJson(),
                    // Whole milliseconds, as the ledger writes them: the hash must survive the table's round trip.
                    RecordedAt = new DateTimeOffset(row.IngestedAt.UtcTicks - (row.IngestedAt.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero),
                    PreviousHash = head?.LastHash ?? AuditHash.Genesis,
                    KeyId = keys.CurrentKeyId,
                };
                record.RowKey = DocumentRowKeys.Audit(record.Sequence);
                record.Hash = keys.HashOf(caseId, record)!;
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, row));
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, record));
                head = new CaseHead { PartitionKey = caseId, RowKey = DocumentRowKeys.CaseHead, Sequence = record.Sequence, LastHash = record.Hash };
            }

            actions.Add(previous is null
                ? new TableTransactionAction(TableTransactionActionType.Add, head!)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, head!, Azure.ETag.All));
            await storage.Documents.SubmitTransactionAsync(actions, cancellationToken);
        }
    }
}
