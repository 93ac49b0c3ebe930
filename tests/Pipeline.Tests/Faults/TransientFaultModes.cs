namespace Pipeline.Tests.Faults;

/// <summary>The transient failures <see cref="TransientFaultPolicy"/> injects, in the order it cycles through them.</summary>
public static class TransientFaultModes
{
    /// <summary>The service answered 500 InternalError without doing anything.</summary>
    public const string InternalErrorBeforeSend = "500-before";

    /// <summary>The service answered 503 ServerBusy without doing anything.</summary>
    public const string ServerBusyBeforeSend = "503-before";

    /// <summary>The request timed out before it reached the service.</summary>
    public const string TimeoutBeforeSend = "timeout-before";

    /// <summary>The service carried the request out, but the client saw a 500: the retry repeats it.</summary>
    public const string InternalErrorAfterSend = "500-after";

    /// <summary>The service carried the request out, but the response never arrived: the retry repeats it.</summary>
    public const string TimeoutAfterSend = "timeout-after";

    public static IReadOnlyList<string> All { get; } =
        [InternalErrorBeforeSend, ServerBusyBeforeSend, TimeoutBeforeSend, InternalErrorAfterSend, TimeoutAfterSend];
}
