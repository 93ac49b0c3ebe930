namespace Pipeline.Reconciliation;

/// <summary>What reconciliation can find. The strings are the report's <c>kind</c> values.</summary>
public static class AnomalyKinds
{
    /// <summary>A row (or an intake mark) points to bytes that are not there.</summary>
    public const string Missing = "missing";

    /// <summary>The stored blob no longer matches what its row pinned (length, digest, ETag, Content-MD5, or bytes with rehash).</summary>
    public const string Changed = "changed";

    /// <summary>A blob in evidence that no row points to.</summary>
    public const string Untracked = "untracked";

    /// <summary>An intake blob never ingested within the threshold: a missed trigger.</summary>
    public const string Stuck = "stuck";

    /// <summary>A document never verified, or not within the verification window.</summary>
    public const string Unverified = "unverified";

    /// <summary>A case's audit chain does not verify.</summary>
    public const string ChainBroken = "chain-broken";

    /// <summary>A portal declared an upload (an intent) whose bytes never arrived before its SAS expired.</summary>
    public const string AbandonedIntent = "abandoned-intent";

    public static IReadOnlyList<string> All { get; } = [Missing, Changed, Untracked, Stuck, Unverified, ChainBroken, AbandonedIntent];
}
