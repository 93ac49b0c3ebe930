using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace Pipeline.Validation;

/// <summary>
/// Says what the first bytes of a file look like. Used to pick the right reason (type-mismatch vs malformed)
/// and to tell the reviewer what the content really is.
/// </summary>
internal static class ContentSniffer
{
    /// <summary>Zip archive (any kind; OOXML is decided later from the package itself).</summary>
    public const string Zip = "application/zip";

    /// <summary>OLE compound file: legacy Office binary, or password-protected OOXML.</summary>
    public const string CompoundFile = "application/x-cfb";

    /// <summary>How many leading bytes are sniffed.</summary>
    public const int HeadLength = 512;

    /// <summary>Reads the head of the stream and names what it looks like, or null when unrecognised.</summary>
    public static async Task<(string? Detected, byte[] Head)> SniffAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new byte[HeadLength];
        var read = await StreamReads.ReadAtAsync(stream, 0, head, cancellationToken);
        head = head[..read];
        return (Detect(head), head);
    }

    /// <summary>Names what <paramref name="head"/> looks like, or null.</summary>
    public static string? Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("%PDF-"u8))
        {
            return MediaTypes.Pdf;
        }

        if (head.StartsWith(PngCheck.Signature))
        {
            return MediaTypes.Png;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return MediaTypes.Jpeg;
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return MediaTypes.Gif;
        }

        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8) || head.StartsWith("II+\0"u8) || head.StartsWith("MM\0+"u8))
        {
            return MediaTypes.Tiff;
        }

        if (head.StartsWith("PK\x03\x04"u8) || head.StartsWith("PK\x05\x06"u8))
        {
            return Zip;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            return CompoundFile;
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WAVE"u8))
        {
            return MediaTypes.Wav;
        }

        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8) && BinaryPrimitives.ReadUInt32BigEndian(head) >= 16)
        {
            return MediaTypes.Mp4;
        }

        if (Mp3Check.IsId3Header(head) || Mp3Check.TryParseFrameHeader(head, out _))
        {
            return MediaTypes.Mp3;
        }

        if (LooksLikeText(head))
        {
            return MediaTypes.PlainText;
        }

        return null;
    }

    /// <summary>"content looks like X" or "content is not a recognised format (starts with HEX)".</summary>
    public static string DescribeDetected(string? detected, ReadOnlySpan<byte> head) => detected switch
    {
        null => $"content is not a recognised format (starts with {StreamReads.Hex(head)})",
        Zip => "content looks like a zip archive (" + Zip + ")",
        CompoundFile => "content looks like an OLE compound file (" + CompoundFile + ")",
        _ => "content looks like " + MediaTypes.Describe(detected),
    };

    /// <summary>The standard type-mismatch reason.</summary>
    public static RejectionReason Mismatch(string declared, string? detected, ReadOnlySpan<byte> head) =>
        new(ReasonCodes.TypeMismatch, $"declared {MediaTypes.Describe(declared)}, {DescribeDetected(detected, head)}");

    // Valid UTF-8 (a sequence cut at the end of the head is fine) with no NUL or other binary control bytes.
    private static bool LooksLikeText(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty)
        {
            return false;
        }

        foreach (var b in head)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C))
            {
                return false;
            }
        }

        Span<char> chars = stackalloc char[head.Length];
        var status = Utf8.ToUtf16(head, chars, out _, out _, replaceInvalidSequences: false, isFinalBlock: false);
        return status is System.Buffers.OperationStatus.Done or System.Buffers.OperationStatus.NeedMoreData;
    }

    internal static string Ascii(ReadOnlySpan<byte> bytes) => Encoding.ASCII.GetString(bytes);
}
