namespace Pipeline.Impact;

/// <summary>
/// "Was this case's evidence complete and intact at <see cref="At"/>?", answered from its audit chain and verification
/// history. <see cref="Verdict"/> is one of <see cref="ImpactVerdicts"/>; <see cref="ConfirmedThrough"/> is the earliest of
/// the documents' latest known-good times (nothing is confirmed after it for every document).
/// </summary>
public sealed record CaseImpact(
    string CaseId, DateTimeOffset At, string Verdict, string? ChainBreak, DateTimeOffset? ConfirmedThrough, IReadOnlyList<DocumentImpact> Documents);

/// <summary>
/// One document at the asked time: <see cref="Status"/> is one of <see cref="ImpactStatuses"/>; <see cref="LastKnownGood"/>
/// the last time at or before it that its bytes were known to hash to the accepted digest; <see cref="Findings"/> every
/// window of its history in which it was, or may have been, altered or missing.
/// </summary>
public sealed record DocumentImpact(
    string DocumentId,
    string Sha256,
    DateTimeOffset AcceptedAt,
    DateTimeOffset? DisposedAt,
    string Status,
    DateTimeOffset? LastKnownGood,
    IReadOnlyList<ImpactWindow> Findings);

/// <summary>
/// A finding and its impact window: from <see cref="LastKnownGood"/> (the last check before it that found the bytes
/// intact) to <see cref="FoundAt"/> the document may have been incomplete or altered; from <see cref="FoundAt"/> to
/// <see cref="ResolvedAt"/> (a restore that verified, or still open) it was.
/// </summary>
public sealed record ImpactWindow(string Finding, DateTimeOffset LastKnownGood, DateTimeOffset FoundAt, DateTimeOffset? ResolvedAt);

public static class ImpactVerdicts
{
    /// <summary>Every document the case held at that time was intact (verified then or since, with no finding between).</summary>
    public const string Intact = "intact";

    /// <summary>Some document may have been altered or missing at that time (it lies between a last good check and a finding).</summary>
    public const string PossiblyCompromised = "possibly-compromised";

    /// <summary>Some document was known to be altered or missing at that time.</summary>
    public const string Compromised = "compromised";

    /// <summary>The case's audit chain does not verify, so no answer can be given from it.</summary>
    public const string ChainBroken = "chain-broken";
}

public static class ImpactStatuses
{
    /// <summary>Known good at or before the time and again at or after it, with no finding between.</summary>
    public const string Intact = "intact";

    /// <summary>Known good at or before the time, not checked since, no finding: intact as far as anyone knows.</summary>
    public const string Unconfirmed = "unconfirmed";

    public const string PossiblyAltered = "possibly-altered";
    public const string PossiblyMissing = "possibly-missing";
    public const string Altered = "altered";
    public const string Missing = "missing";

    /// <summary>Not part of the case at that time (accepted later, or disposed of before).</summary>
    public const string NotInCase = "not-in-case";
}
