using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Exceptions;

namespace Pipeline.Validation;

/// <summary>
/// The PdfPig part of <see cref="PdfCheck"/>: open with lenient parsing off, then encryption, page count and active content. Runs
/// only inside the PDF probe process (<see cref="PdfProbeProgram"/>): PdfPig 0.1.16 walks the page tree
/// recursively with no depth limit, so a hostile file can overflow the stack, which kills the whole process.
/// </summary>
internal static class PdfStructure
{
    /// <summary>Longest parser message kept: PdfPig quotes the offending bytes, which can be a whole object.</summary>
    public const int MaxMessageLength = 1000;

    /// <summary>Opens the PDF on <paramref name="stream"/> (seekable, read on demand) and reports what PdfPig saw. Never throws.</summary>
    public static PdfParseResult Inspect(Stream stream)
    {
        try
        {
            using var document = PdfDocument.Open(stream, new ParsingOptions { UseLenientParsing = false, SkipMissingFonts = true });
            return document.IsEncrypted
                ? new PdfParseResult(PdfParseOutcome.Encrypted)
                : new PdfParseResult(PdfParseOutcome.Opened, document.NumberOfPages, ActiveContent: Shorten(PdfActiveContent.Find(document)));
        }
        catch (PdfDocumentEncryptedException ex)
        {
            return new PdfParseResult(PdfParseOutcome.NeedsPassword, Message: Shorten(ex.Message));
        }
        catch (PdfDocumentFormatException ex)
        {
            return new PdfParseResult(PdfParseOutcome.Broken, Message: Shorten(ex.Message));
        }
        catch (Exception ex)
        {
            // A parser library failed in a way it does not document: still a verdict on the bytes.
            return new PdfParseResult(PdfParseOutcome.Failed, Message: Shorten($"{ex.GetType().Name}: {ex.Message}"));
        }
    }

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(message))]
    private static string? Shorten(string? message) =>
        message is null ? null : UntrustedText.Bound(message, MaxMessageLength);
}
