using System.Globalization;

namespace Pipeline.Tests.ServiceBus;

/// <summary>
/// The same tests against a real namespace or the official emulator: <c>SERVICEBUS_CONNECTION</c> (a connection string),
/// <c>SERVICEBUS_QUEUE</c> (a queue with duplicate detection on, used only by these tests: they empty it),
/// <c>SERVICEBUS_MAX_DELIVERY_COUNT</c> (default 10) and <c>SERVICEBUS_LOCK_DURATION</c> (default 00:01:00). Skipped without them.
/// </summary>
[Trait("Category", "Live")]
public sealed class ServiceBusTransportLiveTests : ServiceBusTransportTests
{
    protected override Task<ServiceBusTarget> StartTargetAsync()
    {
        var connection = Environment.GetEnvironmentVariable("SERVICEBUS_CONNECTION");
        var queue = Environment.GetEnvironmentVariable("SERVICEBUS_QUEUE");
        Skip.If(string.IsNullOrEmpty(connection) || string.IsNullOrEmpty(queue), "SERVICEBUS_CONNECTION and SERVICEBUS_QUEUE are not set");
        var maxDeliveries = int.TryParse(Environment.GetEnvironmentVariable("SERVICEBUS_MAX_DELIVERY_COUNT"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 10;
        var lockDuration = TimeSpan.TryParse(Environment.GetEnvironmentVariable("SERVICEBUS_LOCK_DURATION"), CultureInfo.InvariantCulture, out var d) ? d : TimeSpan.FromMinutes(1);
        return Task.FromResult(new ServiceBusTarget(connection!, queue!, maxDeliveries, lockDuration));
    }
}
