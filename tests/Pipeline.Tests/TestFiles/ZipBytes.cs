using System.Buffers.Binary;
using System.IO.Compression;

namespace Pipeline.Tests.TestFiles;

/// <summary>Builds zips and rewrites their declared sizes, to make archives that lie.</summary>
internal static class ZipBytes
{
    public static byte[] Create(IEnumerable<(string Name, byte[] Content)> entries)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                stream.Write(content);
            }
        }

        return output.ToArray();
    }

    /// <summary>Sets the uncompressed size every local and central header declares.</summary>
    public static byte[] WithDeclaredUncompressedSize(byte[] zip, uint size)
    {
        var copy = (byte[])zip.Clone();
        for (var i = 0; i + 4 <= copy.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(i));
            if (signature == 0x04034b50 && i + 26 <= copy.Length)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(i + 22), size);
            }
            else if (signature == 0x02014b50 && i + 28 <= copy.Length)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(i + 24), size);
            }
        }

        return copy;
    }

    /// <summary>Where the first entry's compressed data starts and how long it is (from its local header).</summary>
    public static (long Start, long Length) FirstEntryData(byte[] zip)
    {
        var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(26));
        var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(28));
        return (30 + nameLength + extraLength, BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(18)));
    }
}
