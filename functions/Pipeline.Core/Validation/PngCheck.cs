using System.Buffers.Binary;
using System.IO.Hashing;

namespace Pipeline.Validation;

/// <summary>PNG: signature, a valid IHDR as the first chunk, and a chunk chain that reaches IEND inside the file.</summary>
internal static class PngCheck
{
    public static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static async Task<RejectionReason?> CheckAsync(Stream stream, CancellationToken cancellationToken)
    {
        static RejectionReason Bad(string detail) => new(ReasonCodes.Malformed, "PNG: " + detail);

        var ihdr = new byte[8 + 13 + 4];
        if (await StreamReads.ReadAtAsync(stream, 8, ihdr, cancellationToken) < ihdr.Length)
        {
            return Bad("file ends before the IHDR chunk");
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(ihdr) != 13 || !ihdr.AsSpan(4, 4).SequenceEqual("IHDR"u8))
        {
            return Bad("first chunk is not a 13-byte IHDR");
        }

        if (Crc32.HashToUInt32(ihdr.AsSpan(4, 17)) != BinaryPrimitives.ReadUInt32BigEndian(ihdr.AsSpan(21)))
        {
            return Bad("IHDR checksum is wrong");
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(ihdr.AsSpan(8));
        var height = BinaryPrimitives.ReadUInt32BigEndian(ihdr.AsSpan(12));
        var bitDepth = ihdr[16];
        var colourType = ihdr[17];
        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
        {
            return Bad($"image size {width}x{height} is invalid");
        }

        if (bitDepth is not (1 or 2 or 4 or 8 or 16) || colourType is not (0 or 2 or 3 or 4 or 6))
        {
            return Bad($"bit depth {bitDepth} / colour type {colourType} is invalid");
        }

        // Walk chunk headers only (seek over data): proves the file is not truncated, in constant memory.
        var header = new byte[8];
        long position = 8;
        var length = stream.Length;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await StreamReads.ReadAtAsync(stream, position, header, cancellationToken) < header.Length)
            {
                return Bad($"file ends at byte {length} before the IEND chunk (truncated)");
            }

            var chunkLength = BinaryPrimitives.ReadUInt32BigEndian(header);
            if (chunkLength > int.MaxValue)
            {
                return Bad($"chunk at byte {position} claims {chunkLength} bytes");
            }

            var next = position + 12 + chunkLength;
            if (next > length)
            {
                return Bad($"chunk '{ContentSniffer.Ascii(header.AsSpan(4))}' at byte {position} runs past the end of the file (truncated)");
            }

            if (header.AsSpan(4).SequenceEqual("IEND"u8))
            {
                return null;
            }

            position = next;
        }
    }
}
