using System.Collections.Concurrent;
using Pipeline.Faults;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Faults;

/// <summary>Crashes a step once for each subject it is armed for, as a process dying there would.</summary>
public sealed class ScriptedFaultInjector : IFaultInjector
{
    private readonly ConcurrentDictionary<(string Step, string Subject), bool> _armed = new();

    public int Fired { get; private set; }

    public void CrashOnce(string stepName, string subject) => _armed[(stepName, subject)] = true;

    public ValueTask AtAsync(string stepName, string subject, CancellationToken cancellationToken = default)
    {
        if (_armed.TryRemove((stepName, subject), out _))
        {
            Fired++;
            throw new SimulatedCrashException($"crash injected at {stepName}");
        }

        return ValueTask.CompletedTask;
    }
}
