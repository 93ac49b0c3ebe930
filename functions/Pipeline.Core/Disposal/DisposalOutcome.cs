namespace Pipeline.Disposal;

public enum DisposalOutcome
{
    /// <summary>The document was removed from the case: state Disposed, audited; its bytes are kept.</summary>
    Disposed,

    /// <summary>It had been disposed of already; nothing was written.</summary>
    AlreadyDisposed,

    /// <summary>The case has no such document.</summary>
    NotFound,

    /// <summary>The case is under legal hold; the refusal was audited.</summary>
    RefusedLegalHold,

    /// <summary>The row is a rejected upload, not evidence of the case; there is nothing to dispose of.</summary>
    RefusedNotEvidence,
}
