namespace Pipeline.EvidenceStore;

public enum EvidenceWriteStatus
{
    /// <summary>The blob did not exist and now holds the upload.</summary>
    Created,

    /// <summary>The blob already existed with the same SHA-256: a re-delivery or a re-run after a crash.</summary>
    AlreadyStored,

    /// <summary>The blob already existed with different bytes: nothing was written.</summary>
    Conflict,
}
