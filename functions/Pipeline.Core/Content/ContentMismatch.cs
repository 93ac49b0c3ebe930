namespace Pipeline.Content;

/// <summary>What a <see cref="VerifiedCopy"/> found instead of the expected bytes.</summary>
/// <param name="Sha256">Digest of the whole source, when it was read to the end.</param>
/// <param name="Length">Bytes read.</param>
/// <param name="Detail">In words, for the finding.</param>
public sealed record ContentMismatch(string? Sha256, long Length, string Detail);
