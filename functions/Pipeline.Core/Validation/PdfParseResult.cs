namespace Pipeline.Validation;

/// <summary>The PDF probe's report: one line of JSON on its standard output.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Pages">The page count, for <see cref="PdfParseOutcome.Opened"/>.</param>
/// <param name="Message">The parser's message, or what went wrong with the probe process.</param>
/// <param name="ActiveContent">For <see cref="PdfParseOutcome.Opened"/>: what the PDF would run when opened (JavaScript, a launch action), if anything.</param>
internal sealed record PdfParseResult(PdfParseOutcome Outcome, int Pages = 0, string? Message = null, string? ActiveContent = null);
