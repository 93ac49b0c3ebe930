namespace Pipeline.Index;

/// <summary>Values of <see cref="DocumentRecord.State"/>.</summary>
public static class DocumentStates
{
    /// <summary>Bytes written to evidence and indexed; no integrity check has run yet.</summary>
    public const string Stored = "Stored";

    /// <summary>The last integrity check re-read the evidence bytes and they hashed to the recorded digest.</summary>
    public const string Verified = "Verified";

    /// <summary>The last integrity check found bytes that no longer hash to the recorded digest.</summary>
    public const string Corrupt = "Corrupt";

    /// <summary>The last integrity check found no evidence blob.</summary>
    public const string Missing = "Missing";

    /// <summary>The upload failed validation and was quarantined with its reasons.</summary>
    public const string Rejected = "Rejected";

    /// <summary>Removed from its case by an audited disposal; the evidence bytes are kept until retention allows.</summary>
    public const string Disposed = "Disposed";
}
