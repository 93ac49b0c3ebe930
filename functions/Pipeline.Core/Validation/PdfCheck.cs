using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Exceptions;

namespace Pipeline.Validation;

/// <summary>
/// PDF structure. PdfPig 0.1.16 silently rebuilds a missing or wrong cross-reference table by brute-force
/// scanning, even with lenient parsing off, so "PdfPig opens it" alone would accept truncated files. A PDF is
/// therefore structurally intact only when all of these hold:
/// 1. it starts with "%PDF-";
/// 2. its last 1024 bytes hold "startxref", an offset and "%%EOF" (the spec's trailer; 1024 is the slack
///    readers allow for trailing junk);
/// 3. that offset points at a classic "xref" table or an "N G obj" cross-reference stream (no repair needed);
/// 4. PdfPig opens it with lenient parsing off, and it has at least one page.
/// Any /Encrypt dictionary, even one that opens with the empty user password, is "encrypted".
/// </summary>
internal static partial class PdfCheck
{
    private const int TailLength = 1024;

    public static async Task<RejectionReason?> CheckAsync(Stream stream, CancellationToken cancellationToken)
    {
        var tailReason = await CheckTrailerPointerAsync(stream, cancellationToken);

        // PdfPig is synchronous; it reads the seekable stream on demand (StreamInputBytes) rather than copying it.
        cancellationToken.ThrowIfCancellationRequested();
        stream.Position = 0;
        try
        {
            using var document = PdfDocument.Open(stream, new ParsingOptions { UseLenientParsing = false, SkipMissingFonts = true });
            if (document.IsEncrypted)
            {
                return new RejectionReason(ReasonCodes.Encrypted, "PDF has an /Encrypt dictionary (it opens with the empty user password, but its content is encrypted)");
            }

            if (tailReason is not null)
            {
                return tailReason;
            }

            return document.NumberOfPages < 1
                ? new RejectionReason(ReasonCodes.Malformed, "PDF has no pages")
                : null;
        }
        catch (PdfDocumentEncryptedException ex)
        {
            return new RejectionReason(ReasonCodes.Encrypted, "PDF is encrypted and needs a password: " + ex.Message);
        }
        catch (PdfDocumentFormatException ex)
        {
            return tailReason ?? new RejectionReason(ReasonCodes.Malformed, "PDF structure is broken: " + ex.Message);
        }
    }

    private static async Task<RejectionReason?> CheckTrailerPointerAsync(Stream stream, CancellationToken cancellationToken)
    {
        static RejectionReason Bad(string detail) => new(ReasonCodes.Malformed, "PDF: " + detail);

        var tail = Encoding.Latin1.GetString(await StreamReads.ReadTailAsync(stream, TailLength, cancellationToken));
        var eof = tail.LastIndexOf("%%EOF", StringComparison.Ordinal);
        if (eof < 0)
        {
            return Bad("no %%EOF marker in the last 1024 bytes; the file is truncated");
        }

        var match = StartXrefPattern().Match(tail[..eof]);
        if (!match.Success || !long.TryParse(match.Groups[1].ValueSpan, out var offset))
        {
            return Bad("no startxref offset before the final %%EOF; the file is truncated or damaged");
        }

        var target = new byte[64];
        var read = await StreamReads.ReadAtAsync(stream, offset, target, cancellationToken);
        var text = Encoding.Latin1.GetString(target, 0, read);
        return text.StartsWith("xref", StringComparison.Ordinal) || XrefStreamPattern().IsMatch(text)
            ? null
            : Bad($"startxref points to byte {offset}, where there is no cross-reference section; the file would need repair");
    }

    [GeneratedRegex(@"startxref\s+(\d{1,19})\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex StartXrefPattern();

    [GeneratedRegex(@"^\d+\s+\d+\s+obj\b", RegexOptions.CultureInvariant)]
    private static partial Regex XrefStreamPattern();
}
