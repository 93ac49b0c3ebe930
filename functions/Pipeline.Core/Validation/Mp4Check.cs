using System.Buffers.Binary;

namespace Pipeline.Validation;

/// <summary>
/// MP4 (ISO base media): an 'ftyp' box first with a plausible size, top-level boxes that chain exactly to the end
/// of the file, and a 'moov' box (without it no player can read the media).
/// </summary>
internal static class Mp4Check
{
    // ftyp holds a brand, a version and a short list of compatible brands; kilobytes would be absurd.
    private const uint MaxFtypSize = 4096;

    public static async Task<RejectionReason?> CheckAsync(Stream stream, CancellationToken cancellationToken)
    {
        static RejectionReason Bad(string detail) => new(ReasonCodes.Malformed, "MP4: " + detail);

        var header = new byte[16];
        var length = stream.Length;
        var ftypSize = await StreamReads.ReadAtAsync(stream, 0, header, cancellationToken) >= 8
            ? BinaryPrimitives.ReadUInt32BigEndian(header)
            : 0;
        if (ftypSize < 16 || ftypSize > MaxFtypSize || ftypSize % 4 != 0 || ftypSize > length)
        {
            return Bad($"'ftyp' box size {ftypSize} is implausible");
        }

        long position = 0;
        var sawMoov = false;
        while (position < length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var read = await StreamReads.ReadAtAsync(stream, position, header, cancellationToken);
            if (read < 8)
            {
                return Bad($"box header at byte {position} is cut off (truncated)");
            }

            var type = header.AsSpan(4, 4);
            if (!IsBoxType(type))
            {
                return Bad($"bytes at {position} are not a box header");
            }

            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            if (size == 1)
            {
                if (read < 16)
                {
                    return Bad($"large box header at byte {position} is cut off (truncated)");
                }

                var large = BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(8));
                size = large > long.MaxValue ? -1 : (long)large;
                if (size < 16)
                {
                    return Bad($"box at byte {position} has an impossible 64-bit size");
                }
            }
            else if (size == 0)
            {
                size = length - position; // "extends to end of file"
            }
            else if (size < 8)
            {
                return Bad($"box at byte {position} has an impossible size {size}");
            }

            sawMoov |= type.SequenceEqual("moov"u8);
            if (size > length - position)
            {
                return Bad($"box '{ContentSniffer.Ascii(type)}' at byte {position} runs past the end of the file (truncated)");
            }

            position += size;
        }

        return sawMoov ? null : Bad("no 'moov' box; the media cannot be played");
    }

    // Box types are four printable ASCII characters ('©' types appear only inside 'udta').
    private static bool IsBoxType(ReadOnlySpan<byte> type)
    {
        foreach (var b in type)
        {
            if (b is < 0x20 or > 0x7E)
            {
                return false;
            }
        }

        return true;
    }
}
