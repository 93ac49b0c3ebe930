namespace Pipeline.Receipts;

/// <summary>
/// Verifies RFC 9162 inclusion and consistency proofs (sections 2.1.3.2 and 2.1.4.2). Static and storage-free, so a
/// party holding a receipt can check a proof offline with nothing but this class.
/// </summary>
public static class MerkleProofs
{
    /// <summary>True when <paramref name="path"/> proves that <paramref name="leafHash"/> is leaf <paramref name="index"/> of the tree of <paramref name="size"/> leaves with <paramref name="root"/>.</summary>
    public static bool VerifyInclusion(byte[] leafHash, long index, long size, IReadOnlyList<byte[]> path, byte[] root)
    {
        ArgumentNullException.ThrowIfNull(leafHash);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(root);
        if (index < 0 || index >= size)
        {
            return false;
        }

        var fn = index;
        var sn = size - 1;
        var r = leafHash;
        foreach (var p in path)
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = MerkleTree.NodeHash(p, r);
                if ((fn & 1) == 0)
                {
                    (fn, sn) = ShiftWhileEven(fn, sn);
                }
            }
            else
            {
                r = MerkleTree.NodeHash(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    /// <summary>True when <paramref name="proof"/> proves the tree (<paramref name="firstSize"/>, <paramref name="firstRoot"/>) is a prefix of (<paramref name="secondSize"/>, <paramref name="secondRoot"/>).</summary>
    public static bool VerifyConsistency(long firstSize, byte[] firstRoot, long secondSize, byte[] secondRoot, IReadOnlyList<byte[]> proof)
    {
        ArgumentNullException.ThrowIfNull(firstRoot);
        ArgumentNullException.ThrowIfNull(secondRoot);
        ArgumentNullException.ThrowIfNull(proof);
        if (firstSize < 0 || firstSize > secondSize)
        {
            return false;
        }

        if (firstSize == secondSize)
        {
            return proof.Count == 0 && firstRoot.AsSpan().SequenceEqual(secondRoot);
        }

        if (firstSize == 0)
        {
            // Every tree extends the empty one.
            return proof.Count == 0 && firstRoot.AsSpan().SequenceEqual(MerkleTree.EmptyRoot);
        }

        if (proof.Count == 0)
        {
            return false;
        }

        var path = new List<byte[]>(proof.Count + 1);
        if ((firstSize & (firstSize - 1)) == 0)
        {
            path.Add(firstRoot);
        }

        path.AddRange(proof);
        var fn = firstSize - 1;
        var sn = secondSize - 1;
        if ((fn & 1) == 1)
        {
            (fn, sn) = ShiftWhileOdd(fn, sn);
        }

        var fr = path[0];
        var sr = path[0];
        foreach (var c in path.Skip(1))
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                fr = MerkleTree.NodeHash(c, fr);
                sr = MerkleTree.NodeHash(c, sr);
                if ((fn & 1) == 0)
                {
                    (fn, sn) = ShiftWhileEven(fn, sn);
                }
            }
            else
            {
                sr = MerkleTree.NodeHash(sr, c);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && fr.AsSpan().SequenceEqual(firstRoot) && sr.AsSpan().SequenceEqual(secondRoot);
    }

    private static (long Fn, long Sn) ShiftWhileEven(long fn, long sn)
    {
        while ((fn & 1) == 0 && fn != 0)
        {
            fn >>= 1;
            sn >>= 1;
        }

        return (fn, sn);
    }

    private static (long Fn, long Sn) ShiftWhileOdd(long fn, long sn)
    {
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        return (fn, sn);
    }
}
