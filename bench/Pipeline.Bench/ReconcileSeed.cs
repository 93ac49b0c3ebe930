using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Audit;
using Pipeline.Content;
using Pipeline.EvidenceStore;
using Pipeline.Index;
using Pipeline.Storage;
using Pipeline.Validation;

namespace Pipeline.Bench;

/// <summary>
/// Seeds verified documents for the reconciliation benchmark through the pipeline's own library: each document's bytes
/// are written to a source folder (what <c>rclone check</c> compares with) and stored by <see cref="EvidenceBlobStore"/>
/// (create-only, SHA-256 metadata, Content-MD5), and each case gets its rows and a hash-chained audit chain
/// (<c>DocumentIngested</c>, then <c>DocumentVerified</c>, with their facts) built from the library's types and hashed
/// by <see cref="AuditChainKeys"/>. The fast path: the chain records of up to 33 documents go in one table transaction
/// with their rows (an ingest commits one document per transaction), so 100,000 documents take minutes, not hours.
/// A clean store: the reconciliation of it must report nothing.
/// </summary>
internal static class ReconcileSeed
{
    private const int DocumentsPerTransaction = 33; // 3 entities each (row, two audit records): 99 of the 100 allowed
    private const string UploadedBy = "bench-seed";

    public static async Task<int> RunAsync(string connection, int documents, int cases, int firstCase, string sourceDirectory, int documentBytes)
    {
        var watch = Stopwatch.StartNew();
        await using var provider = await BenchServices.BuildAsync(connection);
        var evidence = provider.GetRequiredService<EvidenceBlobStore>();
        var keys = provider.GetRequiredService<AuditChainKeys>();
        var table = provider.GetRequiredService<PipelineStorage>().Documents;
        var stored = new ConcurrentDictionary<string, ConcurrentBag<DocumentRecord>>(StringComparer.Ordinal);
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        // Blobs first (the slow part), many at once; document i goes to case i % cases, so cases fill evenly.
        await Parallel.ForEachAsync(Enumerable.Range(0, documents), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, cancellationToken) =>
        {
            var path = new IntakePath(CaseId(firstCase + (i % cases)), $"d{i / cases:D6}", $"doc-{i:D7}.txt");
            var row = await StoreAsync(evidence, path, sourceDirectory, i, documentBytes, now, cancellationToken);
            stored.GetOrAdd(path.CaseId, _ => []).Add(row);
        });
        var blobSeconds = watch.Elapsed.TotalSeconds;

        await Parallel.ForEachAsync(stored, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (entry, cancellationToken) =>
            await CommitCaseAsync(table, keys, entry.Key, [.. entry.Value.OrderBy(r => r.RowKey, StringComparer.Ordinal)], now, cancellationToken));

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"seeded {documents} documents of {documentBytes} B in {cases} cases from case {firstCase}: blobs {blobSeconds:F1} s, rows and chains {watch.Elapsed.TotalSeconds - blobSeconds:F1} s"));
        return 0;
    }

    private static string CaseId(int index) => $"BENCH-{index:D5}";

    private static async Task<DocumentRecord> StoreAsync(
        EvidenceBlobStore evidence, IntakePath path, string sourceDirectory, int index, int length, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var file = Path.Combine(sourceDirectory, path.CaseId, path.UploadId, path.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllBytesAsync(file, TextOf(index, length), cancellationToken);
        var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
        await using var upload = new SpooledUpload(stream, await ContentHasher.HashAsync(stream, cancellationToken: cancellationToken));
        var intakeBlob = $"{path.CaseId}/{path.UploadId}/{path.FileName}";
        var write = await evidence.StoreAsync(path, upload, "text/plain", UploadedBy, intakeBlob, cancellationToken);
        if (write.Status != EvidenceWriteStatus.Created)
        {
            throw new InvalidOperationException($"evidence blob {write.BlobName} already exists: seed into an empty store");
        }

        return new DocumentRecord
        {
            PartitionKey = path.CaseId,
            RowKey = path.UploadId,
            Sha256 = upload.Digest.Sha256,
            UploadKey = upload.Digest.Sha256,
            Md5 = Convert.ToBase64String(upload.Digest.Md5),
            Length = upload.Digest.Length,
            ContentType = "text/plain",
            FileName = path.FileName,
            EvidenceBlob = write.BlobName,
            EvidenceETag = write.ETag.ToString(),
            State = DocumentStates.Stored,
            UploadedBy = UploadedBy,
            UploadedAt = now,
            IngestedAt = now,
            IntakeBlob = intakeBlob,
        };
    }

    /// <summary>Deterministic, incompressible printable text (what the ingest would accept as text/plain).</summary>
    private static byte[] TextOf(int index, int length)
    {
        var random = new Random(index);
        var bytes = new byte[length];
        random.NextBytes(bytes);
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (i % 100) == 99 ? (byte)'\n' : (byte)('!' + (bytes[i] % 94));
        }

        return bytes;
    }

    /// <summary>The case's rows, as an ingest and a first check would leave them, with their chain and head.</summary>
    private static async Task CommitCaseAsync(
        TableClient table, AuditChainKeys keys, string caseId, IReadOnlyList<DocumentRecord> rows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var head = new CaseHead { PartitionKey = caseId, RowKey = DocumentRowKeys.CaseHead, LastHash = AuditHash.Genesis };
        foreach (var chunk in rows.Chunk(DocumentsPerTransaction))
        {
            var actions = new List<TableTransactionAction>(chunk.Length * 3);
            foreach (var row in chunk)
            {
                var ingested = DocumentFacts.Of(row);
                var ingestRecord = Next(keys, head, AuditKinds.DocumentIngested, row, $"{row.FileName} seeded by the benchmark; stored as evidence blob {row.EvidenceBlob}", ingested.ToJson(), now);
                var verifyRecord = Next(keys, head, AuditKinds.DocumentVerified, row, "integrity check: Stored -> Verified: seeded", (ingested with { State = DocumentStates.Verified }).ToJson(), now);
                row.State = DocumentStates.Verified;
                row.LastVerifiedAt = now;
                row.LastCheckedAt = now;
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, row));
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, ingestRecord));
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, verifyRecord));
            }

            await table.SubmitTransactionAsync(actions, cancellationToken);
        }

        await table.UpsertEntityAsync(head, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>The next record of the chain whose head is <paramref name="head"/>, which moves on to it.</summary>
    private static AuditRecord Next(AuditChainKeys keys, CaseHead head, string kind, DocumentRecord row, string detail, string facts, DateTimeOffset now)
    {
        var record = new AuditRecord
        {
            PartitionKey = head.PartitionKey,
            Sequence = head.Sequence + 1,
            Kind = kind,
            DocumentId = row.RowKey,
            Sha256 = row.Sha256,
            Detail = detail,
            Facts = facts,
            RecordedAt = now,
            PreviousHash = head.LastHash,
            KeyId = keys.CurrentKeyId,
        };
        record.RowKey = DocumentRowKeys.Audit(record.Sequence);
        record.Hash = keys.HashOf(head.PartitionKey, record)!;
        head.Sequence = record.Sequence;
        head.LastHash = record.Hash;
        return record;
    }
}
