using Microsoft.Extensions.Options;
using Pipeline.Audit;
using Pipeline.Storage;

namespace Pipeline.Tests.Audit;

/// <summary>A keyed chain: someone who can write the table but has no key cannot make a rewritten chain verify.</summary>
public sealed class AuditChainKeyTests
{
    private const string CaseId = "FD24P00777";
    private static readonly string KeyA = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly string KeyB = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void Verify_KeyedChain_NoBreak()
    {
        var keys = Keys(KeyA, "k1");
        var (records, head) = Chain(keys, 4);

        Assert.Null(Verify(keys, records, head));
        Assert.All(records, record => Assert.Equal("k1", record.KeyId));
    }

    [Fact]
    public void Verify_KeyedChainRewrittenWithSha256Recomputed_ChainBroken()
    {
        var keys = Keys(KeyA, "k1");
        var (records, _) = Chain(keys, 4);
        var head = RewriteWithoutKey(records, dropKeyId: false);

        Assert.Equal("audit record 1 was altered (its hash does not match its content)", Verify(keys, records, head));
    }

    [Fact]
    public void Verify_KeyedChainRewrittenUnkeyedAfterAKeyedRecord_ChainBroken()
    {
        var keys = Keys(KeyA, "k1");
        var (records, _) = Chain(keys, 4);
        var head = RewriteWithoutKey(records, dropKeyId: true, from: 2);

        Assert.Equal("audit record 3 is not keyed although an earlier record is: the chain was rewritten without its key", Verify(keys, records, head));
    }

    [Fact]
    public void Verify_WholeChainRewrittenUnkeyedWhileKeyRequired_ChainBroken()
    {
        var keys = Keys(KeyA, "k1");
        var (records, _) = Chain(keys, 4);
        var head = RewriteWithoutKey(records, dropKeyId: true);

        var verifier = new AuditChainVerifier(CaseId, keys, requireKeyedAfter: 0);
        records.ForEach(verifier.Add);
        verifier.Complete(head);

        Assert.StartsWith("audit record 1 is not keyed although the chain key was in use", verifier.Break, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_UnkeyedChainWithKeyConfigured_StillVerifies()
    {
        var (records, head) = Chain(AuditChainKeys.None, 3);

        Assert.Null(Verify(Keys(KeyA, "k1"), records, head));
    }

    [Fact]
    public void Verify_UnkeyedPrefixThenKeyedRecords_Verifies()
    {
        // A deployment that adds a key later: old records stay SHA-256, new ones are keyed, one chain.
        var (records, _) = Chain(AuditChainKeys.None, 2);
        var keys = Keys(KeyA, "k1");
        var head = Extend(keys, records, 2);

        Assert.Null(Verify(keys, records, head));
    }

    [Fact]
    public void Verify_RecordClaimsUnconfiguredKeyId_ReportedNotThrown()
    {
        var (records, head) = Chain(Keys(KeyA, "k1"), 2);

        Assert.Equal("audit record 1 is keyed with key id 'k1', which is not configured: it cannot be verified", Verify(Keys(KeyB, "k2"), records, head));
    }

    [Fact]
    public void Verify_KeyRotated_OldRecordsVerifyWithRetiredKey()
    {
        var (records, _) = Chain(Keys(KeyA, "k1"), 2);
        var rotated = Keys(KeyB, "k2", ("k1", KeyA));
        var head = Extend(rotated, records, 2);

        Assert.Null(Verify(rotated, records, head));
        Assert.Equal(["k1", "k1", "k2", "k2"], records.Select(r => r.KeyId));
    }

    [Fact]
    public void Verify_RecordMovedToAnotherKeyId_HashFails()
    {
        var keys = Keys(KeyB, "k2", ("k1", KeyB));
        var (records, head) = Chain(keys, 2);
        records[0].KeyId = "k1";

        Assert.Equal("audit record 1 was altered (its hash does not match its content)", Verify(keys, records, head));
    }

    [Theory]
    [InlineData("c2hvcnQ=", "1")]
    [InlineData("not base64 at all!", "1")]
    [InlineData(null, "bad id/with slash")]
    public void Problems_BadKeyOrId_Reported(string? key, string id)
    {
        var options = new AuditChainKeyOptions { ChainKey = key ?? KeyA, ChainKeyId = id };

        Assert.NotEmpty(AuditChainKeys.Problems(options));
        Assert.Throws<OptionsValidationException>(() => new AuditChainKeys(Options.Create(options)));
    }

    [Fact]
    public void Problems_NoKey_NoneAndUnkeyed()
    {
        var options = new AuditChainKeyOptions();

        Assert.Empty(AuditChainKeys.Problems(options));
        Assert.Null(new AuditChainKeys(Options.Create(options)).CurrentKeyId);
    }

    private static AuditChainKeys Keys(string key, string id, params (string Id, string Key)[] retired)
    {
        var options = new AuditChainKeyOptions { ChainKey = key, ChainKeyId = id };
        foreach (var (retiredId, retiredKey) in retired)
        {
            options.RetiredChainKeys[retiredId] = retiredKey;
        }

        return new AuditChainKeys(Options.Create(options));
    }

    private static string? Verify(AuditChainKeys keys, List<AuditRecord> records, CaseHead? head)
    {
        var verifier = new AuditChainVerifier(CaseId, keys);
        records.ForEach(verifier.Add);
        verifier.Complete(head);
        return verifier.Break;
    }

    private static (List<AuditRecord> Records, CaseHead Head) Chain(AuditChainKeys keys, int length)
    {
        var records = new List<AuditRecord>();
        return (records, Extend(keys, records, length));
    }

    /// <summary>Appends as the ledger does: each record keyed with the current key (if any) and linked to the last.</summary>
    private static CaseHead Extend(AuditChainKeys keys, List<AuditRecord> records, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var sequence = records.Count + 1;
            var record = TestAuditRecords.Ingested(
                CaseId, sequence, records.Count == 0 ? AuditHash.Genesis : records[^1].Hash, 'a', new DateTimeOffset(2026, 11, 27, 9, 0, sequence, TimeSpan.Zero));
            record.KeyId = keys.CurrentKeyId;
            record.Hash = keys.HashOf(CaseId, record)!;
            records.Add(record);
        }

        return new CaseHead { PartitionKey = CaseId, RowKey = DocumentRowKeys.CaseHead, Sequence = records.Count, LastHash = records[^1].Hash };
    }

    /// <summary>What an insider without the key can do: edit records and recompute a consistent SHA-256 chain.</summary>
    private static CaseHead RewriteWithoutKey(List<AuditRecord> records, bool dropKeyId, int from = 0)
    {
        for (var i = from; i < records.Count; i++)
        {
            var record = records[i];
            record.Detail += " (rewritten)";
            record.PreviousHash = i == 0 ? AuditHash.Genesis : records[i - 1].Hash;
            if (dropKeyId)
            {
                record.KeyId = null;
            }

            record.Hash = AuditHash.Compute(CaseId, record);
        }

        return new CaseHead { PartitionKey = CaseId, RowKey = DocumentRowKeys.CaseHead, Sequence = records.Count, LastHash = records[^1].Hash };
    }
}
