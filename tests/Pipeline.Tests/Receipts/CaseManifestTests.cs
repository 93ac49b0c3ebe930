using Pipeline.Receipts;

namespace Pipeline.Tests.Receipts;

/// <summary>Offline checks of manifests and receipts: no storage, as a party or a court runs them.</summary>
public sealed class CaseManifestTests
{
    private const string CaseId = "case-offline";

    [Fact]
    public void Verify_ManifestAsBuilt_HasNoProblems()
    {
        var manifest = Manifest(Leaves(5));

        Assert.Empty(manifest.Verify());
    }

    [Fact]
    public void Verify_LeafDigestChanged_RootNoLongerMatches()
    {
        var manifest = Manifest(Leaves(5));
        var leaves = manifest.Leaves.ToList();
        leaves[2] = leaves[2] with { Sha256 = new string('f', 64) };

        var problems = (manifest with { Leaves = leaves }).Verify();

        Assert.Contains(problems, p => p.Contains("do not hash to the tree's root", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_LeafRemoved_Reported()
    {
        var manifest = Manifest(Leaves(5));

        var problems = (manifest with { Leaves = manifest.Leaves.Where((_, i) => i != 1).ToList() }).Verify();

        Assert.Contains(problems, p => p.Contains("the tree says 5 leaves but the manifest lists 4", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_LeavesReordered_RootNoLongerMatches()
    {
        var manifest = Manifest(Leaves(5));
        var leaves = manifest.Leaves.ToList();
        (leaves[0], leaves[3]) = (leaves[3], leaves[0]);

        Assert.Contains((manifest with { Leaves = leaves }).Verify(), p => p.Contains("do not hash to the tree's root", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_DisposedDocumentStillListed_Reported()
    {
        var leaves = Leaves(3);
        var disposal = new CaseLogLeaf(CaseLogLeaf.Disposed, leaves[1].DocumentId, leaves[1].Sha256, 10, leaves[1].RecordedAt.AddDays(1), new string('a', 64));
        var manifest = Manifest(leaves);
        var log = CaseLog.FromLeaves(CaseId, [.. leaves, disposal]);

        var problems = (manifest with { Leaves = log.Leaves, Tree = new TreeHead(log.Size, Convert.ToHexStringLower(log.Root())) }).Verify();

        Assert.Equal([$"document {leaves[1].DocumentId} is listed but is not current in the log"], problems);
    }

    [Fact]
    public void Verify_ReceiptAgainstGrownAndDisposedCase_BothProofsHold()
    {
        var leaves = Leaves(8);
        var receipt = Receipt(leaves, 2);
        var disposal = new CaseLogLeaf(CaseLogLeaf.Disposed, leaves[5].DocumentId, leaves[5].Sha256, 20, leaves[5].RecordedAt.AddDays(1), new string('b', 64));

        Assert.Empty(ReceiptVerifier.Verify(receipt, Manifest([.. leaves, disposal])));
    }

    [Fact]
    public void Verify_ReceiptWhoseDigestWasChanged_InclusionFails()
    {
        var leaves = Leaves(6);
        var receipt = Receipt(leaves, 3) with { Sha256 = new string('0', 64) };

        Assert.Contains(ReceiptVerifier.Verify(receipt, Manifest(leaves)), p => p.StartsWith("inclusion proof fails", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_CaseRewrittenBeforeTheReceiptsLeaf_ConsistencyFails()
    {
        var leaves = Leaves(6);
        var receipt = Receipt(leaves, 3);
        var rewritten = leaves.ToList();
        rewritten[0] = rewritten[0] with { Sha256 = new string('c', 64) };

        Assert.Contains(ReceiptVerifier.Verify(receipt, Manifest(rewritten)), p => p.StartsWith("consistency proof fails", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_LeafRemovedAfterTheReceipt_ConsistencyOrInclusionFails()
    {
        var leaves = Leaves(6);
        var receipt = Receipt(leaves, 4);

        var problems = ReceiptVerifier.Verify(receipt, Manifest(leaves.Where((_, i) => i != 1).ToList()));

        Assert.Contains(problems, p => p.StartsWith("consistency proof fails", StringComparison.Ordinal) || p.StartsWith("inclusion proof fails", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_ReceiptOfDisposedDocument_SaysItIsNoLongerInTheCase()
    {
        var leaves = Leaves(4);
        var receipt = Receipt(leaves, 1);
        var disposal = new CaseLogLeaf(CaseLogLeaf.Disposed, leaves[1].DocumentId, leaves[1].Sha256, 9, leaves[1].RecordedAt.AddDays(1), new string('d', 64));

        var problems = ReceiptVerifier.Verify(receipt, Manifest([.. leaves, disposal]));

        Assert.Equal([$"document {leaves[1].DocumentId} was disposed of (leaf 4, audit record 9); it is no longer in the case"], problems);
    }

    [Fact]
    public void Verify_ProofsAsTheApiServesThem_HoldOfflineAndFailForAnotherRoot()
    {
        var leaves = Leaves(9);
        var receipt = Receipt(leaves, 4);
        var log = CaseLog.FromLeaves(CaseId, leaves);
        var current = new TreeHead(log.Size, Convert.ToHexStringLower(log.Root()));
        var inclusion = new InclusionProof(4, log.Size, ReceiptVerifier.Hex(MerkleTree.InclusionProof(log.LeafHashes, 4, log.Size)));
        var consistency = new ConsistencyProof(5, log.Size, ReceiptVerifier.Hex(MerkleTree.ConsistencyProof(log.LeafHashes, 5, log.Size)));

        Assert.Empty(ReceiptVerifier.Verify(receipt, current, inclusion, consistency));
        Assert.Equal(2, ReceiptVerifier.Verify(receipt, current with { Root = new string('e', 64) }, inclusion, consistency).Count);
    }

    internal static List<CaseLogLeaf> Leaves(int count)
    {
        var start = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        return Enumerable.Range(0, count)
            .Select(i => new CaseLogLeaf(
                CaseLogLeaf.Accepted,
                $"doc-{i:D2}",
                Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i))),
                (2 * i) + 1,
                start.AddMinutes(i),
                Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(1000 + i)))))
            .ToList();
    }

    private static CaseManifest Manifest(List<CaseLogLeaf> leaves)
    {
        var log = CaseLog.FromLeaves(CaseId, leaves);
        var documents = log.Current()
            .Select(c => new ManifestDocument(c.Leaf.DocumentId, c.Leaf.Sha256, c.Leaf.RecordedAt, c.Index, 10, c.Leaf.DocumentId + ".txt", "text/plain", "Verified"))
            .ToList();
        return new CaseManifest(
            CaseManifest.CurrentFormat, CaseId, DateTimeOffset.UnixEpoch, new ChainHead(99, new string('9', 64)),
            new TreeHead(log.Size, Convert.ToHexStringLower(log.Root())), log.Leaves, documents);
    }

    private static DocumentReceipt Receipt(List<CaseLogLeaf> leaves, int index)
    {
        var log = CaseLog.FromLeaves(CaseId, leaves);
        var leaf = leaves[index];
        return new DocumentReceipt(
            DocumentReceipt.CurrentFormat, CaseId, leaf.DocumentId, leaf.Sha256, 10, leaf.RecordedAt,
            new ChainHead(leaf.AuditSequence, leaf.AuditHash), new TreeHead(index + 1, Convert.ToHexStringLower(log.Root(index + 1))), index);
    }
}
