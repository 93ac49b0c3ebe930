namespace Pipeline.Audit;

/// <summary>What an audit record says happened.</summary>
public static class AuditKinds
{
    public const string DocumentIngested = "DocumentIngested";
    public const string UploadRejected = "UploadRejected";
    public const string UploadConflict = "UploadConflict";
    public const string UploadDuplicate = "UploadDuplicate";
    public const string DocumentVerified = "DocumentVerified";
    public const string DocumentCorrupt = "DocumentCorrupt";
    public const string DocumentMissing = "DocumentMissing";
    public const string DocumentRestored = "DocumentRestored";
    public const string UploadIntended = "UploadIntended";

    /// <summary>A document removed from its case by an explicit, audited disposal (reason and actor in the detail); its bytes are kept.</summary>
    public const string DocumentDisposed = "DocumentDisposed";

    /// <summary>A disposal that was asked for and refused (e.g. the case is under legal hold).</summary>
    public const string DisposalRefused = "DisposalRefused";

    public const string LegalHoldSet = "LegalHoldSet";

    public const string LegalHoldCleared = "LegalHoldCleared";

    /// <summary>What mirroring a hold to the evidence blobs' legal-hold flag did (or why it was a no-op).</summary>
    public const string LegalHoldMirrored = "LegalHoldMirrored";

    /// <summary>A state change the state machine does not allow was asked for and refused; the row was left as it was.</summary>
    public const string TransitionRefused = "TransitionRefused";
}
