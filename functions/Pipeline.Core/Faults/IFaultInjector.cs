namespace Pipeline.Faults;

/// <summary>
/// A hook the services call at named steps (<see cref="FaultSteps"/>), so tests can crash a step and prove the next run
/// finishes the work. Production registers <see cref="NoFaultInjector"/>, which does nothing.
/// </summary>
public interface IFaultInjector
{
    /// <summary>Called when <paramref name="stepName"/> has just been done for <paramref name="subject"/> (an intake blob, or case/document).</summary>
    ValueTask AtAsync(string stepName, string subject, CancellationToken cancellationToken = default);
}
