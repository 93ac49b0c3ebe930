namespace Pipeline.Integrity;

/// <summary>How the local host's <see cref="ServiceBusCheckProcessor"/> receives (in Azure the trigger's host.json settings do).</summary>
public sealed class ServiceBusCheckOptions
{
    public const string SectionName = "Pipeline:IntegrityChecks:ServiceBus";

    /// <summary>How long the processor keeps renewing a message's lock while a check runs (a large document on slow storage).</summary>
    public TimeSpan MaxAutoLockRenewalDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A drain (<c>run --once</c>) ends when no message arrived for this long and none is in hand.</summary>
    public TimeSpan DrainIdle { get; set; } = TimeSpan.FromSeconds(2);
}
