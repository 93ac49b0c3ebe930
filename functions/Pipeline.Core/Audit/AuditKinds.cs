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

    /// <summary>A state change the state machine does not allow was asked for and refused; the row was left as it was.</summary>
    public const string TransitionRefused = "TransitionRefused";
}
