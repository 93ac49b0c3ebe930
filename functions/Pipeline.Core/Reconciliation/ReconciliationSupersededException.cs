namespace Pipeline.Reconciliation;

/// <summary>
/// This process no longer owns the run: its lease was lost, or another process resumed the run and saved a newer
/// checkpoint. It stops without writing anything more; the owner finishes the run.
/// </summary>
public sealed class ReconciliationSupersededException : Exception
{
    public ReconciliationSupersededException()
        : base("Another process has taken over this reconciliation run; this one stopped without writing more.")
    {
    }

    public ReconciliationSupersededException(string message)
        : base(message)
    {
    }

    public ReconciliationSupersededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
