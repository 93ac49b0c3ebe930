namespace Pipeline.Receipts;

/// <summary>
/// Checks a receipt offline, with nothing but the receipt and what the pipeline published later (a manifest, or a
/// tree head and two proofs). No storage, no service: a court or a party can run it on its own machine.
/// </summary>
public static class ReceiptVerifier
{
    /// <summary>
    /// The receipt's document is still in the case unaltered (its acceptance leaf, rebuilt from the receipt, is in
    /// <paramref name="current"/>'s tree at the receipt's index) and the case only grew or shrank by audited disposal
    /// since (the receipt's tree is a prefix of the current one). Empty when both proofs hold.
    /// </summary>
    public static IReadOnlyList<string> Verify(DocumentReceipt receipt, TreeHead current, InclusionProof inclusion, ConsistencyProof consistency)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(inclusion);
        ArgumentNullException.ThrowIfNull(consistency);
        var problems = new List<string>();
        if (!string.Equals(receipt.Format, DocumentReceipt.CurrentFormat, StringComparison.Ordinal))
        {
            problems.Add($"unknown receipt format '{receipt.Format}'");
        }

        if (receipt.LeafIndex != receipt.Tree.Size - 1)
        {
            problems.Add($"the receipt's tree has {receipt.Tree.Size} leaves but its document is leaf {receipt.LeafIndex}; at acceptance it is the last");
        }

        if (!TryDecode(current.Root, out var currentRoot) || !TryDecode(receipt.Tree.Root, out var receiptRoot)
            || !TryDecodeAll(inclusion.Path, out var inclusionPath) || !TryDecodeAll(consistency.Path, out var consistencyPath))
        {
            problems.Add("a root or proof hash is not 64 hex characters");
            return problems;
        }

        var leafHash = receipt.ToLeaf().Hash(receipt.CaseId);
        if (inclusion.LeafIndex != receipt.LeafIndex || inclusion.TreeSize != current.Size
            || !MerkleProofs.VerifyInclusion(leafHash, inclusion.LeafIndex, current.Size, inclusionPath, currentRoot))
        {
            problems.Add($"inclusion proof fails: document {receipt.DocumentId} with sha256 {receipt.Sha256} is not leaf {receipt.LeafIndex} of the case's current tree ({current.Size} leaves)");
        }

        // With the consistency proof this also shows the receipt's own tree held the leaf: leaf i < its size is
        // among the leaves the consistency proof shows were unchanged.
        if (consistency.FromSize != receipt.Tree.Size || consistency.ToSize != current.Size
            || !MerkleProofs.VerifyConsistency(receipt.Tree.Size, receiptRoot, current.Size, currentRoot, consistencyPath))
        {
            problems.Add($"consistency proof fails: the case's tree of {receipt.Tree.Size} leaves at the receipt is not a prefix of its current tree of {current.Size}: the case was rewritten, not only grown or disposed of");
        }

        return problems;
    }

    /// <summary>
    /// The receipt checked against a full manifest (e.g. from a bundle): proofs are computed from the manifest's leaves
    /// and verified as above, and the document must still be current (not disposed of).
    /// </summary>
    public static IReadOnlyList<string> Verify(DocumentReceipt receipt, CaseManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        ArgumentNullException.ThrowIfNull(manifest);
        if (!string.Equals(receipt.CaseId, manifest.CaseId, StringComparison.Ordinal))
        {
            return [$"the receipt is for case {receipt.CaseId}, the manifest for case {manifest.CaseId}"];
        }

        var log = CaseLog.FromLeaves(manifest.CaseId, manifest.Leaves);
        if (receipt.Tree.Size > log.Size || receipt.LeafIndex < 0 || receipt.LeafIndex >= log.Size)
        {
            return [$"the receipt's tree ({receipt.Tree.Size} leaves) is larger than the manifest's ({log.Size}): the case lost leaves since the receipt"];
        }

        var problems = new List<string>(Verify(
            receipt,
            new TreeHead(log.Size, Convert.ToHexStringLower(log.Root())),
            new InclusionProof(receipt.LeafIndex, log.Size, Hex(MerkleTree.InclusionProof(log.LeafHashes, receipt.LeafIndex, log.Size))),
            new ConsistencyProof(receipt.Tree.Size, log.Size, Hex(MerkleTree.ConsistencyProof(log.LeafHashes, (int)receipt.Tree.Size, log.Size)))));
        if (!string.Equals(manifest.Tree.Root, Convert.ToHexStringLower(log.Root()), StringComparison.Ordinal))
        {
            problems.Add("the manifest's leaves do not hash to its stated root");
        }

        if (log.DisposalOf(receipt.DocumentId) is { } disposal)
        {
            problems.Add($"document {receipt.DocumentId} was disposed of (leaf {disposal}, audit record {log.Leaves[disposal].AuditSequence}); it is no longer in the case");
        }

        return problems;
    }

    internal static IReadOnlyList<string> Hex(IReadOnlyList<byte[]> hashes) => hashes.Select(Convert.ToHexStringLower).ToList();

    internal static bool TryDecode(string hex, out byte[] hash)
    {
        hash = [];
        if (hex is not { Length: 64 } || !hex.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        hash = Convert.FromHexString(hex);
        return true;
    }

    private static bool TryDecodeAll(IReadOnlyList<string> hexes, out List<byte[]> hashes)
    {
        hashes = new List<byte[]>(hexes.Count);
        foreach (var hex in hexes)
        {
            if (!TryDecode(hex, out var hash))
            {
                return false;
            }

            hashes.Add(hash);
        }

        return true;
    }
}
