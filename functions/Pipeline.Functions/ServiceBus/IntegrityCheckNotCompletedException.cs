using Pipeline.Integrity;

namespace Pipeline.Functions.ServiceBus;

/// <summary>A check the handler did not complete: the failed invocation carries its reason into the host's logs and retry.</summary>
public sealed class IntegrityCheckNotCompletedException : Exception
{
    public IntegrityCheckNotCompletedException(CheckDisposition disposition)
        : base($"{disposition?.Settlement}: {disposition?.Reason} {disposition?.Description}".Trim())
    {
        Disposition = disposition;
    }

    public CheckDisposition? Disposition { get; }
}
