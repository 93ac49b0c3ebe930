namespace Pipeline.Receipts;

/// <summary>
/// What a party is given when its document is accepted: the document's digest and length, when it was accepted, the
/// case's audit-chain head right after the acceptance (the acceptance record itself), and the case's Merkle tree at
/// that moment (its size ends with this document's leaf). Computed from the chain, so the same receipt is produced
/// whenever it is asked for; a party keeps its copy and later checks it against a newer manifest or proofs.
/// </summary>
public sealed record DocumentReceipt(
    string Format,
    string CaseId,
    string DocumentId,
    string Sha256,
    long? Length,
    DateTimeOffset AcceptedAt,
    ChainHead AuditHead,
    TreeHead Tree,
    int LeafIndex)
{
    public const string CurrentFormat = "pipeline-receipt/1";

    /// <summary>The acceptance leaf this receipt stands for, rebuilt from the receipt's own fields.</summary>
    public CaseLogLeaf ToLeaf() => new(CaseLogLeaf.Accepted, DocumentId, Sha256, AuditHead.Sequence, AcceptedAt, AuditHead.Hash);
}

/// <summary>Leaf <see cref="LeafIndex"/> is in the tree of <see cref="TreeSize"/> leaves: its audit path (hex hashes).</summary>
public sealed record InclusionProof(int LeafIndex, long TreeSize, IReadOnlyList<string> Path);

/// <summary>What a receipt holder checks offline (<see cref="ReceiptVerifier"/>): the current tree and both proofs against it.</summary>
public sealed record ReceiptProofs(TreeHead Tree, InclusionProof Inclusion, ConsistencyProof Consistency);

/// <summary>The tree of <see cref="FromSize"/> leaves is a prefix of the tree of <see cref="ToSize"/>: the consistency path (hex hashes).</summary>
public sealed record ConsistencyProof(long FromSize, long ToSize, IReadOnlyList<string> Path);
