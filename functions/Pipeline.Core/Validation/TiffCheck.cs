using System.Buffers.Binary;

namespace Pipeline.Validation;

/// <summary>TIFF / BigTIFF: byte-order header and a first IFD that lies inside the file and has entries.</summary>
internal static class TiffCheck
{
    public static async Task<RejectionReason?> CheckAsync(Stream stream, CancellationToken cancellationToken)
    {
        static RejectionReason Bad(string detail) => new(ReasonCodes.Malformed, "TIFF: " + detail);

        var header = new byte[16];
        var read = await StreamReads.ReadAtAsync(stream, 0, header, cancellationToken);
        var little = header[0] == (byte)'I';
        var big = header[2] == 43 || header[3] == 43;
        var length = stream.Length;
        if (read < (big ? 16 : 8))
        {
            return Bad("file is too short for a header");
        }

        ulong ifdOffset = big
            ? (little ? BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(8)) : BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(8)))
            : (little ? BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4)) : BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4)));
        var countSize = big ? 8 : 2;
        var entrySize = big ? 20UL : 12UL;
        if (ifdOffset < (ulong)(big ? 16 : 8) || ifdOffset + (ulong)countSize > (ulong)length)
        {
            return Bad($"first IFD offset {ifdOffset} is outside the file");
        }

        var countBytes = new byte[countSize];
        await StreamReads.ReadAtAsync(stream, (long)ifdOffset, countBytes, cancellationToken);
        ulong count = big
            ? (little ? BinaryPrimitives.ReadUInt64LittleEndian(countBytes) : BinaryPrimitives.ReadUInt64BigEndian(countBytes))
            : (little ? BinaryPrimitives.ReadUInt16LittleEndian(countBytes) : BinaryPrimitives.ReadUInt16BigEndian(countBytes));
        if (count == 0 || count > (ulong)length / entrySize)
        {
            return Bad($"first IFD has an impossible entry count {count}");
        }

        return ifdOffset + (ulong)countSize + (count * entrySize) > (ulong)length
            ? Bad("first IFD runs past the end of the file (truncated)")
            : null;
    }
}
