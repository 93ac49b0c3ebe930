namespace Pipeline.Content;

/// <summary>Digests of one pass over a content stream.</summary>
/// <param name="Sha256">SHA-256, 64 lowercase hex characters: the evidential digest.</param>
/// <param name="Md5">MD5, the storage service's Content-MD5: lets blob inventory and listings be compared without reading bytes.</param>
/// <param name="Length">Bytes read.</param>
public sealed record ContentDigest(string Sha256, byte[] Md5, long Length);
