namespace Pipeline.Integrity;

/// <summary>A message on the check queue that is not an integrity-check request. It belongs in the poison queue, visibly.</summary>
public sealed class MalformedCheckRequestException : Exception
{
    public MalformedCheckRequestException()
        : base("Malformed integrity-check request.")
    {
    }

    public MalformedCheckRequestException(string message)
        : base(message)
    {
    }

    public MalformedCheckRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Throws when the check found no document row: the message names a document the pipeline never indexed.</summary>
    public static void ThrowIfUnknown(IntegrityCheckRequest request, IntegrityCheckResult result)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(result);
        if (result.Outcome == IntegrityCheckResult.NotIndexed)
        {
            throw new MalformedCheckRequestException($"The request names document {request.DocumentId} of case {request.CaseId}, which has no document row (unknown document).");
        }
    }
}
