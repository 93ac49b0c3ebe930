using Pipeline.Audit;
using Pipeline.Index;

namespace Pipeline.Receipts;

/// <summary>
/// Receipts, case manifests and Merkle proofs, all computed from a case's audit chain (verified on every read) and its
/// rows. Reads the head first and the records up to it, so appends during a read belong to the next one.
/// </summary>
public sealed class ReceiptService(CaseLedger ledger, DocumentIndex index, TimeProvider time)
{
    /// <summary>The case at its current head, or null when it has no audit records. Throws <see cref="CaseChainBrokenException"/>.</summary>
    public async Task<CaseSnapshot?> ReadAsync(string caseId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(caseId);
        var head = await ledger.GetHeadAsync(caseId, cancellationToken);
        var verifier = new AuditChainVerifier(caseId);
        var log = new CaseLog(caseId);
        var accepted = new Dictionary<string, DocumentFacts>(StringComparer.Ordinal);
        string? lastHash = null;
        await foreach (var record in ledger.QueryRecordsAsync(caseId, head?.Sequence, cancellationToken))
        {
            verifier.Add(record);
            log.Add(record);
            if (record is { Kind: AuditKinds.DocumentIngested, DocumentId: { } documentId } && DocumentFacts.TryParse(record.Facts) is { } facts)
            {
                accepted.TryAdd(documentId, facts);
            }

            lastHash = record.Hash;
        }

        verifier.Complete(head);
        if (head is null && verifier.Break is null)
        {
            return null;
        }

        if (verifier.Break is { } chainBreak)
        {
            throw new CaseChainBrokenException(caseId, chainBreak);
        }

        if (log.Problems.Count > 0)
        {
            throw new CaseChainBrokenException(caseId, string.Join("; ", log.Problems));
        }

        var rows = new Dictionary<string, DocumentRecord>(StringComparer.Ordinal);
        await foreach (var row in index.QueryCaseAsync(caseId, cancellationToken))
        {
            rows[row.DocumentId] = row;
        }

        return new CaseSnapshot(caseId, new ChainHead(head!.Sequence, lastHash ?? head.LastHash), log, accepted, rows);
    }

    public async Task<CaseManifest?> GetManifestAsync(string caseId, CancellationToken cancellationToken = default) =>
        await ReadAsync(caseId, cancellationToken) is { } snapshot ? ManifestOf(snapshot) : null;

    /// <summary>The receipt of an accepted document (disposed of or not), or null when the chain never accepted it.</summary>
    public async Task<DocumentReceipt?> GetReceiptAsync(string caseId, string documentId, CancellationToken cancellationToken = default) =>
        await ReadAsync(caseId, cancellationToken) is { } snapshot ? ReceiptOf(snapshot, documentId) : null;

    /// <summary>Every accepted document's receipt, by document id (empty when the case is unknown).</summary>
    public async Task<IReadOnlyDictionary<string, DocumentReceipt>> GetReceiptsAsync(string caseId, CancellationToken cancellationToken = default)
    {
        var receipts = new Dictionary<string, DocumentReceipt>(StringComparer.Ordinal);
        if (await ReadAsync(caseId, cancellationToken) is not { } snapshot)
        {
            return receipts;
        }

        foreach (var leaf in snapshot.Log.Leaves.Where(l => l.Event == CaseLogLeaf.Accepted))
        {
            receipts[leaf.DocumentId] = ReceiptOf(snapshot, leaf.DocumentId)!;
        }

        return receipts;
    }

    /// <summary>The audit path of the document's acceptance leaf in the case's current tree, or null when it was never accepted.</summary>
    public async Task<InclusionProof?> GetInclusionProofAsync(string caseId, string documentId, CancellationToken cancellationToken = default)
    {
        if (await ReadAsync(caseId, cancellationToken) is not { } snapshot || snapshot.Log.AcceptanceOf(documentId) is not { } index)
        {
            return null;
        }

        var log = snapshot.Log;
        return new InclusionProof(index, log.Size, ReceiptVerifier.Hex(MerkleTree.InclusionProof(log.LeafHashes, index, log.Size)));
    }

    /// <summary>The proof that the case's tree of <paramref name="fromSize"/> leaves is a prefix of its current tree; null when the case is unknown or smaller.</summary>
    public async Task<ConsistencyProof?> GetConsistencyProofAsync(string caseId, long fromSize, CancellationToken cancellationToken = default)
    {
        if (await ReadAsync(caseId, cancellationToken) is not { } snapshot || fromSize < 0 || fromSize > snapshot.Log.Size)
        {
            return null;
        }

        var log = snapshot.Log;
        return new ConsistencyProof(fromSize, log.Size, ReceiptVerifier.Hex(MerkleTree.ConsistencyProof(log.LeafHashes, (int)fromSize, log.Size)));
    }

    /// <summary>
    /// Both proofs a receipt holder needs, from one snapshot so they agree on the tree: the document's acceptance leaf is
    /// in the current tree, and the tree of <paramref name="fromSize"/> leaves is its prefix. Null when the document
    /// was never accepted or <paramref name="fromSize"/> is not between 1 and the current size.
    /// </summary>
    public static ReceiptProofs? ProofsOf(CaseSnapshot snapshot, string documentId, long fromSize)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var log = snapshot.Log;
        if (log.AcceptanceOf(documentId) is not { } index || fromSize < 1 || fromSize > log.Size)
        {
            return null;
        }

        return new ReceiptProofs(
            new TreeHead(log.Size, Convert.ToHexStringLower(log.Root())),
            new InclusionProof(index, log.Size, ReceiptVerifier.Hex(MerkleTree.InclusionProof(log.LeafHashes, index, log.Size))),
            new ConsistencyProof(fromSize, log.Size, ReceiptVerifier.Hex(MerkleTree.ConsistencyProof(log.LeafHashes, (int)fromSize, log.Size))));
    }

    public CaseManifest ManifestOf(CaseSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var log = snapshot.Log;
        var documents = log.Current().Select(current =>
        {
            var row = snapshot.Rows.GetValueOrDefault(current.Leaf.DocumentId);
            var accepted = snapshot.AcceptedFacts.GetValueOrDefault(current.Leaf.DocumentId) is { IsLegacy: false } facts ? facts : null;
            return new ManifestDocument(
                current.Leaf.DocumentId, current.Leaf.Sha256, current.Leaf.RecordedAt, current.Index, snapshot.AcceptedLength(current.Leaf.DocumentId),
                accepted?.FileName ?? row?.FileName, accepted?.ContentType ?? row?.ContentType, row?.State);
        }).ToList();
        return new CaseManifest(
            CaseManifest.CurrentFormat,
            snapshot.CaseId,
            time.GetUtcNow(),
            snapshot.AuditHead,
            new TreeHead(log.Size, Convert.ToHexStringLower(log.Root())),
            log.Leaves,
            documents);
    }

    public static DocumentReceipt? ReceiptOf(CaseSnapshot snapshot, string documentId)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Log.AcceptanceOf(documentId) is not { } index)
        {
            return null;
        }

        var leaf = snapshot.Log.Leaves[index];
        return new DocumentReceipt(
            DocumentReceipt.CurrentFormat,
            snapshot.CaseId,
            documentId,
            leaf.Sha256,
            // From the acceptance record, never the row: editing a row afterwards cannot change a receipt.
            snapshot.AcceptedLength(documentId),
            leaf.RecordedAt,
            new ChainHead(leaf.AuditSequence, leaf.AuditHash),
            new TreeHead(index + 1, Convert.ToHexStringLower(snapshot.Log.Root(index + 1))),
            index);
    }
}
