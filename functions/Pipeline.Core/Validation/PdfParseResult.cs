namespace Pipeline.Validation;

/// <summary>The PDF probe's report: one line of JSON on its standard output.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Pages">The page count, for <see cref="PdfParseOutcome.Opened"/>.</param>
/// <param name="Message">The parser's message, or what went wrong with the probe process.</param>
internal sealed record PdfParseResult(PdfParseOutcome Outcome, int Pages = 0, string? Message = null);
