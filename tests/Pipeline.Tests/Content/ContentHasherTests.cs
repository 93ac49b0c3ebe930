using System.Security.Cryptography;
using Pipeline.Content;

namespace Pipeline.Tests.Content;

/// <summary>The SHA-256-only pass (integrity checks, rehash) measures exactly what the full ingest pass measures.</summary>
public sealed class ContentHasherTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(128 * 1024)]
    [InlineData((128 * 1024) + 1)]
    [InlineData(300 * 1024)]
    public async Task HashSha256Async_AnyLength_SameSha256AndLengthAsHashAsync(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);

        var full = await ContentHasher.HashAsync(new MemoryStream(bytes));
        var (sha256, measured) = await ContentHasher.HashSha256Async(new MemoryStream(bytes));

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), sha256);
        Assert.Equal(full.Sha256, sha256);
        Assert.Equal(length, measured);
        Assert.Equal(full.Length, measured);
    }
}
