namespace Pipeline.Disposal;

/// <summary>Sets or clears the storage service's legal-hold flag on one evidence blob (version-level immutability in Azure).</summary>
public interface IBlobLegalHold
{
    Task<BlobLegalHoldOutcome> SetAsync(string evidenceBlob, bool hold, CancellationToken cancellationToken = default);
}

public enum BlobLegalHoldStatus
{
    Applied,

    /// <summary>The account or container cannot hold blobs (no version-level immutability, or an emulator): nothing was changed.</summary>
    NotSupported,

    BlobMissing,
}

/// <param name="Detail">Why it was not applied (the service's error code and message).</param>
public sealed record BlobLegalHoldOutcome(BlobLegalHoldStatus Status, string? Detail = null);
