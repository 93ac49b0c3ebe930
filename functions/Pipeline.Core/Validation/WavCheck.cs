using System.Buffers.Binary;

namespace Pipeline.Validation;

/// <summary>
/// WAV: RIFF/WAVE header (already sniffed), a well-formed 'fmt ' chunk, and a 'data' chunk. The data chunk's
/// declared size may exceed the file: recorders that stream (and some that crash) leave it unfinalised, and that
/// evidence must still be accepted.
/// </summary>
internal static class WavCheck
{
    public static async Task<RejectionReason?> CheckAsync(Stream stream, CancellationToken cancellationToken)
    {
        static RejectionReason Bad(string detail) => new(ReasonCodes.Malformed, "WAV: " + detail);

        var header = new byte[8];
        var fmt = new byte[16];
        var length = stream.Length;
        long position = 12;
        var sawFmt = false;
        while (position + 8 <= length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await StreamReads.ReadAtAsync(stream, position, header, cancellationToken);
            var id = header.AsSpan(0, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16 || await StreamReads.ReadAtAsync(stream, position + 8, fmt, cancellationToken) < 16)
                {
                    return Bad("'fmt ' chunk is shorter than 16 bytes");
                }

                var channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(2));
                var sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(fmt.AsSpan(4));
                var blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(12));
                if (channels == 0 || sampleRate == 0 || blockAlign == 0)
                {
                    return Bad($"'fmt ' chunk is invalid (channels {channels}, sample rate {sampleRate}, block align {blockAlign})");
                }

                sawFmt = true;
            }
            else if (id.SequenceEqual("data"u8))
            {
                return sawFmt ? null : Bad("'data' chunk comes before any 'fmt ' chunk");
            }

            // Chunks are word-aligned: odd sizes carry one pad byte.
            position += 8 + size + (size & 1);
        }

        return Bad(sawFmt ? "no 'data' chunk" : "no 'fmt ' chunk");
    }
}
