using Pipeline.Audit;

namespace Pipeline.Receipts;

/// <summary>
/// A case's Merkle log, folded from its audit records in sequence order (or rebuilt from a manifest's leaves offline):
/// the leaves, their hashes, and which documents are current (accepted and not disposed).
/// </summary>
public sealed class CaseLog(string caseId)
{
    private readonly List<CaseLogLeaf> _leaves = [];
    private readonly List<byte[]> _hashes = [];
    private readonly Dictionary<string, int> _accepted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _disposed = new(StringComparer.Ordinal);

    public string CaseId { get; } = caseId;

    public IReadOnlyList<CaseLogLeaf> Leaves => _leaves;

    public IReadOnlyList<byte[]> LeafHashes => _hashes;

    public int Size => _leaves.Count;

    /// <summary>Problems found while folding (a document accepted twice, a disposal of a document never accepted).</summary>
    public List<string> Problems { get; } = [];

    public static CaseLog FromLeaves(string caseId, IEnumerable<CaseLogLeaf> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        var log = new CaseLog(caseId);
        foreach (var leaf in leaves)
        {
            log.Add(leaf);
        }

        return log;
    }

    /// <summary>Adds the record's leaf, if it has one. Records must come in sequence order.</summary>
    public void Add(AuditRecord record)
    {
        if (CaseLogLeaf.From(record) is { } leaf)
        {
            Add(leaf);
        }
    }

    public void Add(CaseLogLeaf leaf)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        var index = _leaves.Count;
        _leaves.Add(leaf);
        _hashes.Add(leaf.Hash(CaseId));
        if (leaf.Event == CaseLogLeaf.Accepted)
        {
            if (!_accepted.TryAdd(leaf.DocumentId, index))
            {
                Problems.Add($"leaf {index} accepts document {leaf.DocumentId} again (first accepted at leaf {_accepted[leaf.DocumentId]})");
            }
        }
        else if (leaf.Event == CaseLogLeaf.Disposed)
        {
            if (!_accepted.TryGetValue(leaf.DocumentId, out var accepted))
            {
                Problems.Add($"leaf {index} disposes of document {leaf.DocumentId}, which was never accepted");
            }
            else if (!string.Equals(_leaves[accepted].Sha256, leaf.Sha256, StringComparison.Ordinal))
            {
                Problems.Add($"leaf {index} disposes of document {leaf.DocumentId} with sha256 {leaf.Sha256}, but it was accepted with {_leaves[accepted].Sha256}");
            }

            _disposed.TryAdd(leaf.DocumentId, index);
        }
        else
        {
            Problems.Add($"leaf {index} has an unknown event '{leaf.Event}'");
        }
    }

    public byte[] Root(int? size = null) => MerkleTree.Root(_hashes, size);

    /// <summary>The index of the leaf that accepted <paramref name="documentId"/>, or null.</summary>
    public int? AcceptanceOf(string documentId) => _accepted.TryGetValue(documentId, out var index) ? index : null;

    /// <summary>The index of the leaf that disposed of <paramref name="documentId"/>, or null.</summary>
    public int? DisposalOf(string documentId) => _disposed.TryGetValue(documentId, out var index) ? index : null;

    public bool IsCurrent(string documentId) => _accepted.ContainsKey(documentId) && !_disposed.ContainsKey(documentId);

    /// <summary>Acceptance leaves of the documents the case holds now, in document-id order.</summary>
    public IEnumerable<(int Index, CaseLogLeaf Leaf)> Current() =>
        _accepted.Where(a => !_disposed.ContainsKey(a.Key))
            .OrderBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => (a.Value, _leaves[a.Value]));
}
