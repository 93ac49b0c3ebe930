namespace Pipeline.Reconciliation;

/// <summary>
/// The run's lease could not be renewed because storage kept failing (not because another run took it): the run
/// stopped and resumes from its last checkpoint. A failure to show, unlike <see cref="ReconciliationAlreadyRunningException"/>.
/// </summary>
public sealed class ReconciliationLeaseLostException : Exception
{
    public ReconciliationLeaseLostException()
        : base("The reconciliation lease could not be renewed; the run stopped and resumes from its last checkpoint.")
    {
    }

    public ReconciliationLeaseLostException(string message)
        : base(message)
    {
    }

    public ReconciliationLeaseLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
