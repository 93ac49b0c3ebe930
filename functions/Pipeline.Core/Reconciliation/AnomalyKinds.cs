namespace Pipeline.Reconciliation;

/// <summary>
/// What reconciliation can find. The strings are the report's <c>kind</c> values. <see cref="Findings"/> need a person:
/// they count in <c>counts</c>, the exit code and the alert. <see cref="Maintenance"/> is routine work the run queued
/// itself, reported in the report's own <c>maintenance</c> section.
/// </summary>
public static class AnomalyKinds
{
    /// <summary>A row (or an intake mark) points to bytes that are not there.</summary>
    public const string Missing = "missing";

    /// <summary>The stored blob no longer matches what its audit chain recorded (length, digest, ETag, Content-MD5, or bytes with rehash).</summary>
    public const string Changed = "changed";

    /// <summary>A blob in evidence that no row points to.</summary>
    public const string Untracked = "untracked";

    /// <summary>An intake blob never ingested within the threshold: a missed trigger.</summary>
    public const string Stuck = "stuck";

    /// <summary>Maintenance: a document not verified within the verification window; its re-verification was queued.</summary>
    public const string Unverified = "unverified";

    /// <summary>A document not verified within twice the verification window: its checks keep failing or never run.</summary>
    public const string Overdue = "overdue";

    /// <summary>A case's audit chain does not verify.</summary>
    public const string ChainBroken = "chain-broken";

    /// <summary>A document row differs from what its audit chain says; the detail names the fields.</summary>
    public const string IndexAltered = "index-altered";

    /// <summary>A row, record or checkpoint not of the pipeline's shape (wrong types, missing or extra properties, oversized values, unknown kinds); the detail names it and the property.</summary>
    public const string MalformedRow = "malformed-row";

    /// <summary>A portal declared an upload (an intent) whose bytes never arrived before its SAS expired.</summary>
    public const string AbandonedIntent = "abandoned-intent";

    /// <summary>An integrity check its transport set aside (dead-letter or poison queue) longer than the threshold: it never ran.</summary>
    public const string DeadLettered = "dead-lettered";

    /// <summary>What needs a person.</summary>
    public static IReadOnlyList<string> Findings { get; } = [Missing, Changed, Untracked, Stuck, Overdue, ChainBroken, IndexAltered, MalformedRow, AbandonedIntent, DeadLettered];

    /// <summary>Routine work the run queued itself.</summary>
    public static IReadOnlyList<string> Maintenance { get; } = [Unverified];

    public static bool IsMaintenance(string kind) => Maintenance.Contains(kind);
}
