namespace Pipeline.Validation;

/// <summary>
/// The PDF check could not run: the probe process is missing, could not be started, did not start in time, or
/// could not read the file. Not a verdict on the upload, so it propagates (the ingest is retried) instead of
/// becoming a rejection.
/// </summary>
public sealed class PdfProbeException : Exception
{
    public PdfProbeException()
        : base("The PDF probe could not run.")
    {
    }

    public PdfProbeException(string message)
        : base(message)
    {
    }

    public PdfProbeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
