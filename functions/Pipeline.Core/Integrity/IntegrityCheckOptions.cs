namespace Pipeline.Integrity;

/// <summary>How integrity checks are carried.</summary>
public sealed class IntegrityCheckOptions
{
    public const string SectionName = "Pipeline:IntegrityChecks";

    /// <summary>
    /// <c>StorageQueue</c> (default; what Azurite and the local host use) or <c>ServiceBus</c>, once its adapter exists.
    /// </summary>
    public string Transport { get; set; } = IntegrityCheckTransports.StorageQueue;

    /// <summary>Service Bus queue name when <see cref="Transport"/> is <c>ServiceBus</c>. Default <c>integrity-checks</c>.</summary>
    public string ServiceBusQueue { get; set; } = "integrity-checks";
}
