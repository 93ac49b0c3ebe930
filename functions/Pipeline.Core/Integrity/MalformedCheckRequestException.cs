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
}
