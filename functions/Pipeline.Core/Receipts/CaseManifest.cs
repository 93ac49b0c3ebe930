namespace Pipeline.Receipts;

/// <summary>
/// What a case holds, and the Merkle log that proves it: the audit-chain head it was read at, the tree (size and root)
/// over every leaf, the leaves themselves (so anyone can recompute the root and see every acceptance and disposal),
/// and the current documents in document-id order.
/// </summary>
public sealed record CaseManifest(
    string Format,
    string CaseId,
    DateTimeOffset GeneratedAt,
    ChainHead AuditHead,
    TreeHead Tree,
    IReadOnlyList<CaseLogLeaf> Leaves,
    IReadOnlyList<ManifestDocument> Documents)
{
    public const string CurrentFormat = "pipeline-case-manifest/1";

    /// <summary>
    /// Checks the manifest on its own, offline: the leaves hash to the tree's root at its size, they fold without
    /// contradictions, and the document list is exactly the documents they leave current, with the same digests.
    /// </summary>
    public IReadOnlyList<string> Verify()
    {
        var problems = new List<string>();
        if (!string.Equals(Format, CurrentFormat, StringComparison.Ordinal))
        {
            problems.Add($"unknown manifest format '{Format}'");
        }

        var log = CaseLog.FromLeaves(CaseId, Leaves);
        problems.AddRange(log.Problems);
        if (Tree.Size != log.Size)
        {
            problems.Add($"the tree says {Tree.Size} leaves but the manifest lists {log.Size}");
        }
        else if (!string.Equals(Tree.Root, Convert.ToHexStringLower(log.Root()), StringComparison.Ordinal))
        {
            problems.Add("the leaves do not hash to the tree's root: a leaf was changed, removed, added or reordered");
        }

        var listed = Documents.ToDictionary(d => d.DocumentId, StringComparer.Ordinal);
        foreach (var (index, leaf) in log.Current())
        {
            if (!listed.Remove(leaf.DocumentId, out var document))
            {
                problems.Add($"document {leaf.DocumentId} is current in the log (leaf {index}) but not listed");
            }
            else if (!string.Equals(document.Sha256, leaf.Sha256, StringComparison.Ordinal) || document.LeafIndex != index)
            {
                problems.Add($"document {leaf.DocumentId} is listed with sha256 {document.Sha256} at leaf {document.LeafIndex}; the log accepted {leaf.Sha256} at leaf {index}");
            }
        }

        problems.AddRange(listed.Keys.Order(StringComparer.Ordinal).Select(id => $"document {id} is listed but is not current in the log"));
        return problems;
    }
}

/// <summary>The head of a case's audit chain: its last record's sequence and hash.</summary>
public sealed record ChainHead(long Sequence, string Hash);

/// <summary>A Merkle tree's size (leaves) and root (64 hex characters).</summary>
public sealed record TreeHead(long Size, string Root);

/// <summary>
/// A document a case holds: digest and acceptance from the chain, the leaf that accepted it, and length, name, type
/// and state from its row (null when the row is gone, which reconciliation reports as missing).
/// </summary>
public sealed record ManifestDocument(
    string DocumentId,
    string Sha256,
    DateTimeOffset AcceptedAt,
    int LeafIndex,
    long? Length,
    string? FileName,
    string? ContentType,
    string? State);
