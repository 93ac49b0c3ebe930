namespace Pipeline.Integrity;

/// <summary>How integrity checks are carried.</summary>
public sealed class IntegrityCheckOptions
{
    public const string SectionName = "Pipeline:IntegrityChecks";

    /// <summary>
    /// <c>ServiceBus</c> (what Azure deploys, see infra) or <c>StorageQueue</c> (the default here: Azurite-only set-ups and
    /// the local host without <c>--servicebus</c>).
    /// </summary>
    public string Transport { get; set; } = IntegrityCheckTransports.StorageQueue;

    /// <summary>Service Bus queue name when <see cref="Transport"/> is <c>ServiceBus</c>. Default <c>integrity-checks</c>.</summary>
    public string ServiceBusQueue { get; set; } = "integrity-checks";
}
