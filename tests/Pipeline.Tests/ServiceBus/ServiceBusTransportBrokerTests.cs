using Pipeline.Broker;

namespace Pipeline.Tests.ServiceBus;

/// <summary>The transport tests against the local broker on 127.0.0.1: short locks and small messages keep them quick.</summary>
public sealed class ServiceBusTransportBrokerTests : ServiceBusTransportTests
{
    protected override Task<ServiceBusTarget> StartTargetAsync()
    {
        var options = new BrokerOptions { Port = 0, LockDuration = TimeSpan.FromSeconds(2), MaxDeliveryCount = 3, MaxMessageSize = 8 * 1024 };
        var queue = Prefix + "-checks";
        options.Queues.Add(queue);
        var broker = new ServiceBusBroker(options);
        broker.Start();
        return Task.FromResult(new ServiceBusTarget(broker.ConnectionString, queue, options.MaxDeliveryCount, options.LockDuration, broker.DisposeAsync));
    }
}
