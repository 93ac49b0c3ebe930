namespace Pipeline.Bundles;

/// <summary>
/// A bundle was not written because a document's evidence bytes are not the ones the audit chain accepted (changed,
/// missing, rewritten since pinned). Nothing is left at the target; an integrity check of the document is queued so the
/// finding is recorded in its chain.
/// </summary>
public sealed class BundleAbortedException : Exception
{
    public BundleAbortedException()
    {
    }

    public BundleAbortedException(string message)
        : base(message)
    {
    }

    public BundleAbortedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BundleAbortedException(string caseId, string documentId, string reason, Exception? innerException = null)
        : base($"Bundle of case {caseId} aborted: document {documentId}: {reason}.", innerException)
    {
        CaseId = caseId;
        DocumentId = documentId;
    }

    public string? CaseId { get; }

    public string? DocumentId { get; }
}
