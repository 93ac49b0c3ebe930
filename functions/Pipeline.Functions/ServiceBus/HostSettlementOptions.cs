namespace Pipeline.Functions.ServiceBus;

/// <summary>How this worker reaches the Functions host's settlement service.</summary>
public sealed class HostSettlementOptions
{
    public const string SectionName = "Pipeline:ServiceBus:Settlement";

    /// <summary>
    /// The longest one settlement call may take before it counts as failed (logged; the message is left to its lock
    /// expiry). The host settles with one Service Bus round trip, so this only bites when the host or the namespace is in
    /// trouble; it keeps an invocation from hanging on it. Default 30 seconds.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
