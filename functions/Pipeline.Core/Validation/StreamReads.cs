namespace Pipeline.Validation;

/// <summary>Positional reads into caller-owned buffers, so every check uses fixed, small memory.</summary>
internal static class StreamReads
{
    /// <summary>Reads up to <paramref name="buffer"/>.Length bytes at <paramref name="offset"/>; returns how many were available.</summary>
    public static async Task<int> ReadAtAsync(Stream stream, long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (offset < 0 || offset >= stream.Length)
        {
            return 0;
        }

        stream.Position = offset;
        return await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
    }

    /// <summary>Reads the last up-to-<paramref name="count"/> bytes of the stream.</summary>
    public static async Task<byte[]> ReadTailAsync(Stream stream, int count, CancellationToken cancellationToken)
    {
        var size = (int)Math.Min(count, stream.Length);
        var buffer = new byte[size];
        var read = await ReadAtAsync(stream, stream.Length - size, buffer, cancellationToken);
        return read == size ? buffer : buffer[..read];
    }

    /// <summary>Hex of the first bytes, for details that say what the content actually starts with.</summary>
    public static string Hex(ReadOnlySpan<byte> bytes, int max = 8) =>
        Convert.ToHexString(bytes[..Math.Min(bytes.Length, max)]);
}
