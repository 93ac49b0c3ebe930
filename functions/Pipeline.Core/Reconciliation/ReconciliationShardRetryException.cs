namespace Pipeline.Reconciliation;

/// <summary>Thrown by a trigger so its host delivers a shard message again (or, for a message that is not one, sets it aside).</summary>
public sealed class ReconciliationShardRetryException : Exception
{
    public ReconciliationShardRetryException()
    {
    }

    public ReconciliationShardRetryException(string message)
        : base(message)
    {
    }

    public ReconciliationShardRetryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
