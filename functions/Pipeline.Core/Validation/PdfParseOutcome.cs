namespace Pipeline.Validation;

/// <summary>What opening a PDF with PdfPig showed, as reported by the PDF probe (see <see cref="PdfProbe"/>).</summary>
internal enum PdfParseOutcome
{
    /// <summary>PdfPig opened it; it is not encrypted. <see cref="PdfParseResult.Pages"/> holds the page count.</summary>
    Opened,

    /// <summary>PdfPig opened it with the empty user password, but it has an /Encrypt dictionary.</summary>
    Encrypted,

    /// <summary>PdfPig refused it as encrypted with a password it does not have.</summary>
    NeedsPassword,

    /// <summary>PdfPig refused it as structurally broken (a <c>PdfDocumentFormatException</c>).</summary>
    Broken,

    /// <summary>PdfPig failed with an exception it does not document; still a verdict on the bytes.</summary>
    Failed,

    /// <summary>The probe could not open or read the file: not a verdict on the bytes.</summary>
    ReadFailed,

    /// <summary>The probe process died before reporting (stack overflow, out of memory, ...). Set by the parent.</summary>
    Crashed,

    /// <summary>The probe process did not report within the timeout and was killed. Set by the parent.</summary>
    TimedOut,
}
