using System.Security.Cryptography;

namespace Pipeline.Receipts;

/// <summary>
/// The Merkle tree hash of RFC 9162 (Certificate Transparency 2.0, section 2.1) over leaf hashes, with its inclusion and
/// consistency proofs. Leaf hash = SHA-256(0x00 || leaf), node hash = SHA-256(0x01 || left || right); a tree of n leaves
/// splits at the largest power of two below n. Pure functions: usable offline, no storage.
/// </summary>
public static class MerkleTree
{
    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;

    /// <summary>SHA-256 of the empty string: the root of a tree with no leaves.</summary>
    public static byte[] EmptyRoot { get; } = SHA256.HashData([]);

    public static byte[] LeafHash(ReadOnlySpan<byte> leaf)
    {
        var buffer = new byte[leaf.Length + 1];
        buffer[0] = LeafPrefix;
        leaf.CopyTo(buffer.AsSpan(1));
        return SHA256.HashData(buffer);
    }

    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[1 + (2 * SHA256.HashSizeInBytes)];
        buffer[0] = NodePrefix;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + SHA256.HashSizeInBytes)..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>The root of the first <paramref name="size"/> leaves (all of them when omitted).</summary>
    public static byte[] Root(IReadOnlyList<byte[]> leafHashes, int? size = null)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        var n = size ?? leafHashes.Count;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, leafHashes.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        return n == 0 ? EmptyRoot : Hash(leafHashes, 0, n);
    }

    /// <summary>The audit path of leaf <paramref name="index"/> in the tree of the first <paramref name="size"/> leaves (RFC 9162 2.1.3.1).</summary>
    public static IReadOnlyList<byte[]> InclusionProof(IReadOnlyList<byte[]> leafHashes, int index, int size)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, leafHashes.Count);
        if (index < 0 || index >= size)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"A tree of {size} leaves has no leaf {index}.");
        }

        var path = new List<byte[]>();
        Path(leafHashes, index, 0, size, path);
        return path;
    }

    /// <summary>The proof that the tree of the first <paramref name="firstSize"/> leaves is a prefix of the tree of <paramref name="secondSize"/> (RFC 9162 2.1.4.1).</summary>
    public static IReadOnlyList<byte[]> ConsistencyProof(IReadOnlyList<byte[]> leafHashes, int firstSize, int secondSize)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(secondSize, leafHashes.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(firstSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstSize, secondSize);
        var proof = new List<byte[]>();
        if (firstSize > 0 && firstSize < secondSize)
        {
            SubProof(leafHashes, firstSize, 0, secondSize, complete: true, proof);
        }

        return proof;
    }

    /// <summary>The largest power of two smaller than <paramref name="n"/> (n ≥ 2).</summary>
    internal static int Split(int n)
    {
        var k = 1;
        while (k << 1 < n)
        {
            k <<= 1;
        }

        return k;
    }

    private static byte[] Hash(IReadOnlyList<byte[]> leaves, int start, int count)
    {
        if (count == 1)
        {
            return leaves[start];
        }

        var k = Split(count);
        return NodeHash(Hash(leaves, start, k), Hash(leaves, start + k, count - k));
    }

    private static void Path(IReadOnlyList<byte[]> leaves, int index, int start, int count, List<byte[]> path)
    {
        if (count == 1)
        {
            return;
        }

        var k = Split(count);
        if (index < k)
        {
            Path(leaves, index, start, k, path);
            path.Add(Hash(leaves, start + k, count - k));
        }
        else
        {
            Path(leaves, index - k, start + k, count - k, path);
            path.Add(Hash(leaves, start, k));
        }
    }

    private static void SubProof(IReadOnlyList<byte[]> leaves, int m, int start, int count, bool complete, List<byte[]> proof)
    {
        if (m == count)
        {
            if (!complete)
            {
                proof.Add(Hash(leaves, start, count));
            }

            return;
        }

        var k = Split(count);
        if (m <= k)
        {
            SubProof(leaves, m, start, k, complete, proof);
            proof.Add(Hash(leaves, start + k, count - k));
        }
        else
        {
            SubProof(leaves, m - k, start + k, count - k, complete: false, proof);
            proof.Add(Hash(leaves, start, k));
        }
    }
}
