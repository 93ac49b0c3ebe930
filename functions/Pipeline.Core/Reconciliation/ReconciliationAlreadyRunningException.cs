namespace Pipeline.Reconciliation;

/// <summary>Another reconciliation holds the run lock; this one did nothing.</summary>
public sealed class ReconciliationAlreadyRunningException : Exception
{
    public ReconciliationAlreadyRunningException()
        : base("Another reconciliation run holds the lock; try again when it has finished.")
    {
    }

    public ReconciliationAlreadyRunningException(string message)
        : base(message)
    {
    }

    public ReconciliationAlreadyRunningException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
