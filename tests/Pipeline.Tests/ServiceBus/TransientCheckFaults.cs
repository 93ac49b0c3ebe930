using System.Collections.Concurrent;
using Pipeline.Faults;

namespace Pipeline.Tests.ServiceBus;

/// <summary>Makes a document's check fail the next <c>n</c> times it measures the bytes, as a storage outage would.</summary>
public sealed class TransientCheckFaults : IFaultInjector
{
    private readonly ConcurrentDictionary<string, int> _remaining = new(StringComparer.Ordinal);

    public void Fail(string caseId, string documentId, int times) => _remaining[$"{caseId}/{documentId}"] = times;

    public ValueTask AtAsync(string stepName, string subject, CancellationToken cancellationToken = default)
    {
        if (stepName == FaultSteps.CheckMeasured && _remaining.TryGetValue(subject, out var left) && left > 0)
        {
            _remaining[subject] = left - 1;
            throw new TimeoutException($"storage timed out while checking {subject}");
        }

        return ValueTask.CompletedTask;
    }
}
