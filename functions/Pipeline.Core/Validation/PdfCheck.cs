using System.Text;
using System.Text.RegularExpressions;

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
/// Any /Encrypt dictionary, even one that opens with the empty user password, is "encrypted". JavaScript, launch actions
/// and RichMedia are "active-content" (<see cref="PdfActiveContent"/>): courts must be able to open evidence safely.
/// Checks 2 and 3 read a few bytes here; check 4 runs PdfPig in a child process (<see cref="PdfProbe"/>), because
/// PdfPig can overflow the stack on a hostile page tree. A parser that crashes or times out is "malformed".
/// </summary>
internal static partial class PdfCheck
{
    private const int TailLength = 1024;

    public static async Task<RejectionReason?> CheckAsync(Stream stream, FileStream? backingFile, PdfProbe probe, CancellationToken cancellationToken)
    {
        var tailReason = await CheckTrailerPointerAsync(stream, cancellationToken);
        var parsed = await probe.InspectAsync(stream, backingFile, cancellationToken);
        return Decide(parsed, tailReason);
    }

    /// <summary>The verdict from what PdfPig saw and the trailer check; an encrypted file is reported as such first.</summary>
    internal static RejectionReason? Decide(PdfParseResult parsed, RejectionReason? tailReason) => parsed.Outcome switch
    {
        PdfParseOutcome.Encrypted => new RejectionReason(ReasonCodes.Encrypted, "PDF has an /Encrypt dictionary (it opens with the empty user password, but its content is encrypted)"),
        PdfParseOutcome.NeedsPassword => new RejectionReason(ReasonCodes.Encrypted, "PDF is encrypted and needs a password: " + parsed.Message),
        PdfParseOutcome.Opened when tailReason is not null => tailReason,
        PdfParseOutcome.Opened when parsed.Pages < 1 => new RejectionReason(ReasonCodes.Malformed, "PDF has no pages"),
        PdfParseOutcome.Opened when parsed.ActiveContent is not null => new RejectionReason(
            ReasonCodes.ActiveContent, $"PDF has {parsed.ActiveContent}; evidence must open without running anything (submit a flattened or printed-to-PDF copy)"),
        PdfParseOutcome.Opened => null,
        PdfParseOutcome.Broken => tailReason ?? new RejectionReason(ReasonCodes.Malformed, "PDF structure is broken: " + parsed.Message),
        PdfParseOutcome.Failed => new RejectionReason(ReasonCodes.Malformed, $"{MediaTypes.Pdf}: parser failed ({parsed.Message})"),
        PdfParseOutcome.Crashed or PdfParseOutcome.TimedOut => tailReason ?? new RejectionReason(ReasonCodes.Malformed, "PDF: " + parsed.Message),
        _ => throw new PdfProbeException($"The PDF probe reported {parsed.Outcome}, which is not a verdict."),
    };

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
