using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace Pipeline.Validation;

/// <summary>
/// Decides whether a zip may be handed to a library that decompresses it, before any library does so.
/// Reads the central directory itself (one record at a time, constant memory) so the entry count is checked
/// before anything is materialised, then checks declared sizes and ratios, then inflates every entry with
/// <see cref="DeflateStream"/> into a fixed buffer, counting, to prove the declared sizes are true: .NET's
/// ZipArchive silently stops at the declared size, so a lying size would otherwise go unnoticed.
/// </summary>
internal static partial class ZipBombGuard
{
    private const uint EndOfCentralDirectorySignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const uint CentralHeaderSignature = 0x02014b50;
    private const uint LocalHeaderSignature = 0x04034b50;
    private const int EndOfCentralDirectoryLength = 22;
    private const int MaxCommentLength = ushort.MaxValue;

    /// <summary>The outcome: a reason to refuse, or the entry names for the caller's next checks.</summary>
    public sealed record Result(RejectionReason? Reason, IReadOnlyList<string> EntryNames);

    public static async Task<Result> CheckAsync(Stream stream, ValidationOptions options, CancellationToken cancellationToken)
    {
        static Result Refuse(string code, string detail) => new(new RejectionReason(code, detail), []);

        var directory = await LocateDirectoryAsync(stream, cancellationToken);
        if (directory.Error is not null)
        {
            return Refuse(ReasonCodes.Malformed, "zip: " + directory.Error);
        }

        if (directory.EntryCount > (ulong)options.MaxZipEntries)
        {
            return Refuse(ReasonCodes.ZipBomb, $"zip declares {directory.EntryCount} entries; at most {options.MaxZipEntries} allowed");
        }

        // Each record is at least 46 bytes; a count the directory cannot hold is a lie.
        if (directory.EntryCount > (ulong)(directory.Size / 46))
        {
            return Refuse(ReasonCodes.Malformed, $"zip central directory of {directory.Size} bytes cannot hold {directory.EntryCount} entries");
        }

        // Pass 1: names, declared sizes and ratios only. Nothing is decompressed until all of these pass.
        var entries = new List<ZipEntryInfo>((int)directory.EntryCount);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        long totalDeclared = 0;
        long totalCompressed = 0;
        var position = directory.Offset;
        for (ulong i = 0; i < directory.EntryCount; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (entry, next, error) = await ReadCentralRecordAsync(stream, position, directory.Offset + directory.Size, cancellationToken);
            if (entry is null)
            {
                return Refuse(ReasonCodes.Malformed, $"zip central directory record {i}: {error}");
            }

            if (ZipEntryNames.Problem(entry.Name) is { } problem)
            {
                return Refuse(ReasonCodes.Malformed, $"zip entry '{ZipEntryNames.Quote(entry.Name)}' {problem}");
            }

            // Part names compare case-insensitively: two entries for one part let two readers see two documents.
            if (!names.Add(entry.Name))
            {
                return Refuse(ReasonCodes.Malformed, $"zip has two entries named '{ZipEntryNames.Quote(entry.Name)}'");
            }

            if ((entry.Flags & 0x1) != 0)
            {
                return Refuse(ReasonCodes.Encrypted, $"zip entry '{entry.Name}' is encrypted");
            }

            if (entry.UncompressedSize > options.ZipRatioGraceBytes
                && entry.UncompressedSize / Math.Max(entry.CompressedSize, 1) > options.MaxZipCompressionRatio)
            {
                return Refuse(ReasonCodes.ZipBomb, $"zip entry '{entry.Name}' declares {entry.UncompressedSize} bytes from {entry.CompressedSize} compressed (ratio above {options.MaxZipCompressionRatio})");
            }

            totalDeclared += entry.UncompressedSize;
            totalCompressed += entry.CompressedSize;
            if (totalDeclared > options.MaxZipUncompressedBytes)
            {
                return Refuse(ReasonCodes.ZipBomb, $"zip entries declare more than {options.MaxZipUncompressedBytes} uncompressed bytes in total");
            }

            entries.Add(entry);
            position = next;
        }

        if (totalDeclared > options.ZipRatioGraceBytes && totalDeclared / Math.Max(totalCompressed, 1) > options.MaxZipCompressionRatio)
        {
            return Refuse(ReasonCodes.ZipBomb, $"zip declares {totalDeclared} bytes from {totalCompressed} compressed (overall ratio above {options.MaxZipCompressionRatio})");
        }

        // Pass 2: inflate for real, bounded by the declared size of each entry and the overall limit.
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long totalActual = 0;
            foreach (var entry in entries)
            {
                var (actual, reason) = await InflateCountingAsync(stream, entry, directory.Offset, buffer, options.MaxZipUncompressedBytes - totalActual, cancellationToken);
                if (reason is not null)
                {
                    return new Result(reason, []);
                }

                totalActual += actual;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new Result(null, entries.ConvertAll(e => e.Name));
    }

    private static async Task<(long Actual, RejectionReason? Reason)> InflateCountingAsync(
        Stream stream, ZipEntryInfo entry, long dataLimit, byte[] buffer, long remainingBudget, CancellationToken cancellationToken)
    {
        var local = new byte[30];
        if (await StreamReads.ReadAtAsync(stream, entry.LocalHeaderOffset, local, cancellationToken) < local.Length
            || BinaryPrimitives.ReadUInt32LittleEndian(local) != LocalHeaderSignature)
        {
            return (0, new RejectionReason(ReasonCodes.Malformed, $"zip entry '{entry.Name}' has no local header at byte {entry.LocalHeaderOffset}"));
        }

        // Streaming unzippers read the local header's name, not the directory's: both must name the same entry.
        var localNameLength = BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(26));
        var localName = new byte[localNameLength];
        await StreamReads.ReadAtAsync(stream, entry.LocalHeaderOffset + 30, localName, cancellationToken);
        if (!string.Equals(DecodeName(localName, BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(6))), entry.Name, StringComparison.Ordinal))
        {
            return (0, new RejectionReason(ReasonCodes.Malformed, $"zip entry '{ZipEntryNames.Quote(entry.Name)}' has another name in its local header"));
        }

        var dataStart = entry.LocalHeaderOffset + 30 + localNameLength + BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(28));
        if (dataStart + entry.CompressedSize > dataLimit)
        {
            return (0, new RejectionReason(ReasonCodes.Malformed, $"zip entry '{entry.Name}' data runs into the central directory or past the end"));
        }

        if (entry.Method == 0)
        {
            return entry.CompressedSize == entry.UncompressedSize
                ? (entry.UncompressedSize, null)
                : (0, new RejectionReason(ReasonCodes.Malformed, $"stored zip entry '{entry.Name}' has different compressed and uncompressed sizes"));
        }

        if (entry.Method != 8)
        {
            return (0, new RejectionReason(ReasonCodes.Malformed, $"zip entry '{entry.Name}' uses compression method {entry.Method}; OOXML uses only stored or deflate"));
        }

        var limit = Math.Min(entry.UncompressedSize, remainingBudget);
        long actual = 0;
        try
        {
            await using var inflater = new DeflateStream(new SubReadStream(stream, dataStart, entry.CompressedSize), CompressionMode.Decompress);
            int read;
            while ((read = await inflater.ReadAsync(buffer, cancellationToken)) > 0)
            {
                actual += read;
                if (actual > limit)
                {
                    return (actual, new RejectionReason(
                        ReasonCodes.ZipBomb,
                        actual > entry.UncompressedSize
                            ? $"zip entry '{entry.Name}' inflates beyond its declared {entry.UncompressedSize} bytes; the archive lies about its sizes"
                            : "zip inflates beyond the total limit"));
                }
            }
        }
        catch (InvalidDataException ex)
        {
            return (actual, new RejectionReason(ReasonCodes.Malformed, $"zip entry '{entry.Name}' does not inflate: {ex.Message}"));
        }

        return actual == entry.UncompressedSize
            ? (actual, null)
            : (actual, new RejectionReason(ReasonCodes.Malformed, $"zip entry '{entry.Name}' inflates to {actual} bytes, not the declared {entry.UncompressedSize}"));
    }
}
