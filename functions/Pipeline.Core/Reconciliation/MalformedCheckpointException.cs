namespace Pipeline.Reconciliation;

/// <summary>A run's file in the reports container (checkpoint, pointer) that is not what the pipeline wrote.</summary>
public sealed class MalformedCheckpointException : Exception
{
    public MalformedCheckpointException()
        : base("Malformed reconciliation checkpoint.")
    {
    }

    public MalformedCheckpointException(string message)
        : base(message)
    {
    }

    public MalformedCheckpointException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MalformedCheckpointException(string blobName, string problem, Exception? innerException)
        : base($"{blobName} {problem}", innerException)
    {
        BlobName = blobName;
    }

    /// <summary>The file's name in the reports container.</summary>
    public string? BlobName { get; }
}
