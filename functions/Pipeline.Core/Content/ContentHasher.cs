using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Pipeline.Content;

/// <summary>Reads a stream once through SHA-256 and MD5 with a fixed buffer, optionally copying it: constant memory for any size.</summary>
public static class ContentHasher
{
    private const int BufferSize = 128 * 1024;

    [SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "MD5 is the storage service's Content-MD5 transport checksum, never the evidential digest (SHA-256).")]
    public static async Task<ContentDigest> HashAsync(Stream source, Stream? copyTo = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long length = 0;
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                sha256.AppendData(buffer, 0, read);
                md5.AppendData(buffer, 0, read);
                if (copyTo is not null)
                {
                    await copyTo.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                length += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new ContentDigest(Convert.ToHexStringLower(sha256.GetHashAndReset()), md5.GetHashAndReset(), length);
    }
}
