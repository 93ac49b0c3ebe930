namespace Pipeline.Portal;

/// <summary>The stored bytes stopped matching their pin while being served; the finding is recorded, the response must be cut off.</summary>
public sealed class PinnedContentMismatchException(string caseId, string documentId, string detail)
    : Exception($"Document {documentId} of case {caseId} no longer matches its pinned digest ({detail}); the response was aborted.");
