namespace Pipeline.Integrity;

/// <summary>A message on the check queue that is not an integrity-check request. It belongs in the poison queue, visibly.</summary>
public sealed class MalformedCheckRequestException(string message) : Exception(message)
{
    public MalformedCheckRequestException()
        : this("Malformed integrity-check request.")
    {
    }

    public MalformedCheckRequestException(string message, Exception innerException)
        : this(message + " " + innerException?.Message)
    {
    }
}
