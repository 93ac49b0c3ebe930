namespace Pipeline.Local.Cli;

/// <summary>Every exit code the CLI uses; README's CLI section lists the same.</summary>
public static class ExitCodes
{
    /// <summary>Done; for <c>reconcile</c> and <c>demo</c>: the store is clean.</summary>
    public const int Success = 0;

    /// <summary>Failed: storage not set up or unreachable, or any other error (message on stderr).</summary>
    public const int Failure = 1;

    /// <summary>Usage error: unknown command or option, missing or invalid value (message on stderr).</summary>
    public const int Usage = 2;

    /// <summary>
    /// <c>reconcile</c>, <c>demo</c>: the reconciliation found anomalies; <c>verify-bundle</c>: the bundle or a receipt does
    /// not verify; <c>impact</c>: the evidence was not (or may not have been) complete and intact; <c>bundle</c>,
    /// <c>receipt</c>: the evidence or the audit chain does not match what was accepted.
    /// </summary>
    public const int AnomaliesFound = 3;

    /// <summary><c>reconcile</c>, <c>demo</c>: another reconciliation run holds the lock.</summary>
    public const int AlreadyRunning = 4;

    /// <summary><c>status</c> and the case commands: the case (or the document, or the bundle folder) is not found.</summary>
    public const int NotFound = 5;

    /// <summary><c>dispose</c>: refused (the case is under legal hold, or the row is a rejected upload, not evidence).</summary>
    public const int Refused = 6;

    /// <summary>Stopped by Ctrl+C (except <c>run</c>, whose Ctrl+C is its normal stop and exits 0).</summary>
    public const int Cancelled = 130;
}
