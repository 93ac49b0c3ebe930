using System.Buffers.Binary;
using System.Text;

namespace Pipeline.Validation;

/// <summary>Reading the zip's central directory record by record: its location (classic or Zip64) and each entry's header.</summary>
internal static partial class ZipBombGuard
{
    private readonly record struct DirectoryLocation(ulong EntryCount, long Offset, long Size, string? Error);

    private static async Task<DirectoryLocation> LocateDirectoryAsync(Stream stream, CancellationToken cancellationToken)
    {
        static DirectoryLocation Fail(string error) => new(0, 0, 0, error);

        var tail = await StreamReads.ReadTailAsync(stream, EndOfCentralDirectoryLength + MaxCommentLength, cancellationToken);
        var tailStart = stream.Length - tail.Length;
        var at = -1;
        for (var i = tail.Length - EndOfCentralDirectoryLength; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) == EndOfCentralDirectorySignature)
            {
                at = i;
                break;
            }
        }

        if (at < 0)
        {
            return Fail("no end-of-central-directory record; the archive is truncated or not a zip");
        }

        var eocd = tail.AsSpan(at);
        ulong count = BinaryPrimitives.ReadUInt16LittleEndian(eocd[10..]);
        long size = BinaryPrimitives.ReadUInt32LittleEndian(eocd[12..]);
        long offset = BinaryPrimitives.ReadUInt32LittleEndian(eocd[16..]);
        var eocdPosition = tailStart + at;
        var directoryEnd = eocdPosition;
        if (count == ushort.MaxValue || size == uint.MaxValue || offset == uint.MaxValue)
        {
            var locator = new byte[20];
            if (await StreamReads.ReadAtAsync(stream, eocdPosition - 20, locator, cancellationToken) < 20
                || BinaryPrimitives.ReadUInt32LittleEndian(locator) != Zip64LocatorSignature)
            {
                return Fail("zip64 locator is missing");
            }

            var zip64At = BinaryPrimitives.ReadUInt64LittleEndian(locator.AsSpan(8));
            var record = new byte[56];
            if (zip64At > (ulong)eocdPosition
                || await StreamReads.ReadAtAsync(stream, (long)zip64At, record, cancellationToken) < 56
                || BinaryPrimitives.ReadUInt32LittleEndian(record) != Zip64EndSignature)
            {
                return Fail("zip64 end-of-central-directory record is missing");
            }

            count = BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(32));
            var size64 = BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(40));
            var offset64 = BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(48));
            if (size64 > long.MaxValue || offset64 > long.MaxValue)
            {
                return Fail("zip64 directory position is impossible");
            }

            size = (long)size64;
            offset = (long)offset64;
            directoryEnd = (long)zip64At;
        }

        if (offset + size > directoryEnd)
        {
            return Fail("central directory lies outside the archive");
        }

        return new DirectoryLocation(count, offset, size, null);
    }

    /// <summary>Bit 11 of the flags says UTF-8; otherwise the name is read byte for byte (Latin-1 keeps every byte distinct).</summary>
    private static string DecodeName(ReadOnlySpan<byte> name, ushort flags) =>
        (flags & 0x800) != 0 ? Encoding.UTF8.GetString(name) : Encoding.Latin1.GetString(name);

    private static async Task<(ZipEntryInfo? Entry, long Next, string? Error)> ReadCentralRecordAsync(
        Stream stream, long position, long directoryEnd, CancellationToken cancellationToken)
    {
        var fixedPart = new byte[46];
        if (position + 46 > directoryEnd
            || await StreamReads.ReadAtAsync(stream, position, fixedPart, cancellationToken) < 46
            || BinaryPrimitives.ReadUInt32LittleEndian(fixedPart) != CentralHeaderSignature)
        {
            return (null, 0, "record is missing or cut off");
        }

        var flags = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart.AsSpan(8));
        var method = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart.AsSpan(10));
        long compressed = BinaryPrimitives.ReadUInt32LittleEndian(fixedPart.AsSpan(20));
        long uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(fixedPart.AsSpan(24));
        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart.AsSpan(28));
        int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart.AsSpan(30));
        int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart.AsSpan(32));
        long localOffset = BinaryPrimitives.ReadUInt32LittleEndian(fixedPart.AsSpan(42));
        var next = position + 46 + nameLength + extraLength + commentLength;
        if (next > directoryEnd)
        {
            return (null, 0, "record runs past the end of the central directory");
        }

        var variable = new byte[nameLength + extraLength];
        await StreamReads.ReadAtAsync(stream, position + 46, variable, cancellationToken);
        var name = DecodeName(variable.AsSpan(0, nameLength), flags);

        // Zip64 extended information: present fields follow in a fixed order, only for values saturated above.
        ReadOnlySpan<byte> extra = variable.AsSpan(nameLength);
        while (extra.Length >= 4)
        {
            var id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            var length = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            if (length > extra.Length - 4)
            {
                return (null, 0, "extra field runs past its record");
            }

            if (id == 0x0001)
            {
                ReadOnlySpan<byte> data = extra.Slice(4, length);
                if (!TryTake(ref data, uncompressed == uint.MaxValue, ref uncompressed)
                    || !TryTake(ref data, compressed == uint.MaxValue, ref compressed)
                    || !TryTake(ref data, localOffset == uint.MaxValue, ref localOffset))
                {
                    return (null, 0, "zip64 extra field is cut off or impossible");
                }
            }

            extra = extra[(4 + length)..];
        }

        return (new ZipEntryInfo(name, flags, method, compressed, uncompressed, localOffset), next, null);
    }

    private static bool TryTake(ref ReadOnlySpan<byte> data, bool needed, ref long value)
    {
        if (!needed)
        {
            return true;
        }

        if (data.Length < 8)
        {
            return false;
        }

        var raw = BinaryPrimitives.ReadUInt64LittleEndian(data);
        data = data[8..];
        if (raw > long.MaxValue)
        {
            return false;
        }

        value = (long)raw;
        return true;
    }
}
