using System.Buffers;
using System.Text.Unicode;

namespace Pipeline.Validation;

/// <summary>
/// text/plain and text/csv: strict UTF-8 from first to last byte (an optional UTF-8 BOM), no NUL bytes, and for
/// CSV no other C0 control bytes than tab, CR and LF (anything else means the file is binary). Streams through a
/// fixed buffer, carrying an incomplete sequence across reads.
/// </summary>
internal static class TextCheck
{
    private const int BufferSize = 81920;

    /// <summary>The bytes CSV must not hold: NUL and every C0 control byte but tab, CR and LF (searched vectorised).</summary>
    private static readonly SearchValues<byte> CsvForbidden =
        SearchValues.Create([.. Enumerable.Range(0, 0x20).Where(b => b is not ('\t' or '\r' or '\n')).Select(b => (byte)b)]);

    /// <summary>True when the content starts with a UTF-16 byte order mark (either endianness).</summary>
    public static bool HasUtf16ByteOrderMark(ReadOnlySpan<byte> head) =>
        head.Length >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF));

    public static async Task<RejectionReason?> CheckAsync(Stream stream, bool csv, CancellationToken cancellationToken)
    {
        static RejectionReason Bad(string detail) => new(ReasonCodes.InvalidTextEncoding, detail);

        var bytes = ArrayPool<byte>.Shared.Rent(BufferSize);
        var chars = ArrayPool<char>.Shared.Rent(BufferSize);
        try
        {
            stream.Position = 0;
            var carried = 0;
            long consumed = 0; // file offset of bytes[0]
            var first = true;
            while (true)
            {
                var read = await stream.ReadAsync(bytes.AsMemory(carried, BufferSize - carried), cancellationToken);
                var filled = carried + read;
                var final = read == 0;
                var start = 0;
                if (first && HasUtf16ByteOrderMark(bytes.AsSpan(0, filled)))
                {
                    return Bad("text starts with a UTF-16 byte order mark; text uploads must be UTF-8");
                }

                if (first && filled >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
                {
                    start = 3;
                }

                first = false;
                var window = bytes.AsSpan(start, filled - start);
                var i = csv ? window.IndexOfAny(CsvForbidden) : window.IndexOf((byte)0);
                if (i >= 0)
                {
                    return window[i] == 0
                        ? Bad($"NUL byte at offset {consumed + start + i}")
                        : Bad($"control byte 0x{window[i]:X2} at offset {consumed + start + i}: CSV content looks binary");
                }

                var status = Utf8.ToUtf16(window, chars, out var bytesRead, out _, replaceInvalidSequences: false, isFinalBlock: final);
                if (status == OperationStatus.InvalidData || (final && status == OperationStatus.NeedMoreData))
                {
                    return Bad($"invalid UTF-8 at offset {consumed + start + bytesRead}");
                }

                if (final)
                {
                    return null;
                }

                // chars is as long as the byte buffer, so DestinationTooSmall cannot happen; NeedMoreData leaves a tail.
                carried = window.Length - bytesRead;
                window[bytesRead..].CopyTo(bytes);
                consumed += start + bytesRead;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
