using Pipeline.Receipts;

namespace Pipeline.Tests.Receipts;

public sealed class MerkleTreeTests
{
    // The RFC 6962 test leaves used by Certificate Transparency implementations, with their published roots.
    private static readonly byte[][] VectorLeaves =
    [
        [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
        [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f],
    ];

    [Theory]
    [InlineData(1, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")]
    [InlineData(2, "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")]
    [InlineData(3, "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77")]
    [InlineData(5, "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4")]
    [InlineData(7, "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c")]
    [InlineData(8, "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")]
    public void Root_Rfc6962TestVectors_MatchPublishedRoots(int size, string expected)
    {
        var hashes = VectorLeaves.Select(l => MerkleTree.LeafHash(l)).ToList();

        Assert.Equal(expected, Convert.ToHexStringLower(MerkleTree.Root(hashes, size)));
    }

    [Fact]
    public void Root_NoLeaves_IsHashOfEmptyString()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(MerkleTree.Root([])));
    }

    [Fact]
    public void VerifyInclusion_EveryLeafOfEveryTreeUpTo20_Holds()
    {
        var hashes = Leaves(20);
        for (var size = 1; size <= hashes.Count; size++)
        {
            var root = MerkleTree.Root(hashes, size);
            for (var index = 0; index < size; index++)
            {
                var path = MerkleTree.InclusionProof(hashes, index, size);
                Assert.True(MerkleProofs.VerifyInclusion(hashes[index], index, size, path, root), $"leaf {index} of {size}");
            }
        }
    }

    [Fact]
    public void VerifyConsistency_EveryPrefixOfEveryTreeUpTo20_Holds()
    {
        var hashes = Leaves(20);
        for (var second = 0; second <= hashes.Count; second++)
        {
            for (var first = 0; first <= second; first++)
            {
                var proof = MerkleTree.ConsistencyProof(hashes, first, second);
                Assert.True(
                    MerkleProofs.VerifyConsistency(first, MerkleTree.Root(hashes, first), second, MerkleTree.Root(hashes, second), proof),
                    $"{first} -> {second}");
            }
        }
    }

    [Fact]
    public void VerifyInclusion_ChangedLeaf_Fails()
    {
        var hashes = Leaves(7);
        var path = MerkleTree.InclusionProof(hashes, 3, 7);
        var root = MerkleTree.Root(hashes);

        Assert.False(MerkleProofs.VerifyInclusion(MerkleTree.LeafHash("other"u8), 3, 7, path, root));
        Assert.False(MerkleProofs.VerifyInclusion(hashes[3], 2, 7, path, root));
        Assert.False(MerkleProofs.VerifyInclusion(hashes[3], 3, 7, path, MerkleTree.Root(hashes, 6)));
    }

    [Fact]
    public void VerifyConsistency_LaterTreeWithRemovedLeaf_Fails()
    {
        var hashes = Leaves(9);
        var oldRoot = MerkleTree.Root(hashes, 5);
        var shrunk = hashes.Where((_, i) => i != 2).ToList();

        var proof = MerkleTree.ConsistencyProof(shrunk, 5, shrunk.Count);

        Assert.False(MerkleProofs.VerifyConsistency(5, oldRoot, shrunk.Count, MerkleTree.Root(shrunk), proof));
    }

    [Fact]
    public void VerifyConsistency_LaterTreeWithReorderedLeaves_Fails()
    {
        var hashes = Leaves(9);
        var oldRoot = MerkleTree.Root(hashes, 6);
        var reordered = hashes.ToList();
        (reordered[1], reordered[4]) = (reordered[4], reordered[1]);

        var proof = MerkleTree.ConsistencyProof(reordered, 6, 9);

        Assert.False(MerkleProofs.VerifyConsistency(6, oldRoot, 9, MerkleTree.Root(reordered), proof));
    }

    [Fact]
    public void VerifyConsistency_ProofForOtherSizes_Fails()
    {
        var hashes = Leaves(10);
        var proof = MerkleTree.ConsistencyProof(hashes, 4, 10);

        Assert.False(MerkleProofs.VerifyConsistency(3, MerkleTree.Root(hashes, 3), 10, MerkleTree.Root(hashes), proof));
        Assert.False(MerkleProofs.VerifyConsistency(4, MerkleTree.Root(hashes, 4), 10, MerkleTree.Root(hashes), proof.Take(proof.Count - 1).ToList()));
    }

    private static List<byte[]> Leaves(int count) =>
        Enumerable.Range(0, count).Select(i => MerkleTree.LeafHash(System.Text.Encoding.UTF8.GetBytes($"leaf {i}"))).ToList();
}
