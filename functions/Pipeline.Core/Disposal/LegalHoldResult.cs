namespace Pipeline.Disposal;

public enum LegalHoldOutcome
{
    Set,

    /// <summary>The hold was already set; only its mirror to the blobs was applied again.</summary>
    AlreadySet,

    Cleared,

    /// <summary>There was no hold to clear; nothing was written.</summary>
    NotHeld,

    /// <summary>The case has no rows or audit records.</summary>
    CaseNotFound,
}

/// <param name="Mirror">What mirroring to the evidence blobs' legal-hold flag did, as audited.</param>
/// <param name="Warning">Set when the mirror was a no-op (the account cannot hold blobs) or incomplete.</param>
public sealed record LegalHoldResult(LegalHoldOutcome Outcome, string Detail, string? Mirror = null, string? Warning = null);
