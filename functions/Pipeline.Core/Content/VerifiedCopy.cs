using System.Buffers;
using System.Security.Cryptography;

namespace Pipeline.Content;

/// <summary>
/// Copies a stream to a reader while hashing it, holding back the last buffer until the whole stream is known to be
/// the expected bytes: a reader given a length in advance never receives a complete copy of anything else.
/// </summary>
public static class VerifiedCopy
{
    private const int BufferSize = 128 * 1024;

    /// <summary>
    /// Copies <paramref name="source"/> to <paramref name="destination"/>; returns null when it was exactly
    /// <paramref name="expectedLength"/> bytes hashing to <paramref name="expectedSha256"/> (and all was written),
    /// otherwise what was found instead (and the held-back bytes were not written). Stops reading as soon as the
    /// source is longer than expected.
    /// </summary>
    public static async Task<ContentMismatch?> CopyAsync(
        Stream source, Stream destination, string expectedSha256, long expectedLength, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var held = ArrayPool<byte>.Shared.Rent(BufferSize);
        var next = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var heldCount = 0;
            long length = 0;
            int read;
            while ((read = await FillAsync(source, next, cancellationToken)) > 0)
            {
                length += read;
                sha256.AppendData(next, 0, read);
                if (length > expectedLength)
                {
                    return new ContentMismatch(null, length, $"more than the pinned {expectedLength} bytes");
                }

                if (heldCount > 0)
                {
                    await destination.WriteAsync(held.AsMemory(0, heldCount), cancellationToken);
                }

                (held, next) = (next, held);
                heldCount = read;
            }

            var actual = Convert.ToHexStringLower(sha256.GetHashAndReset());
            if (length != expectedLength || !string.Equals(actual, expectedSha256, StringComparison.Ordinal))
            {
                return new ContentMismatch(actual, length, $"{length} bytes hashing to {actual}; pinned {expectedLength} bytes, sha256 {expectedSha256}");
            }

            await destination.WriteAsync(held.AsMemory(0, heldCount), cancellationToken);
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(held);
            ArrayPool<byte>.Shared.Return(next);
        }
    }

    // Full buffers (except the last), so the held-back part is never a few bytes of a slow network read.
    private static async Task<int> FillAsync(Stream source, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        int read;
        while (filled < BufferSize && (read = await source.ReadAsync(buffer.AsMemory(filled, BufferSize - filled), cancellationToken)) > 0)
        {
            filled += read;
        }

        return filled;
    }
}
