namespace Pipeline.Faults;

/// <summary>The production hook: no faults.</summary>
public sealed class NoFaultInjector : IFaultInjector
{
    public ValueTask AtAsync(string stepName, string subject, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
}
