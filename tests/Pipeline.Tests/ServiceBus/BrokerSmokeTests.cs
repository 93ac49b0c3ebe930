using Azure.Messaging.ServiceBus;
using Pipeline.Broker;

namespace Pipeline.Tests.ServiceBus;

public sealed class BrokerSmokeTests
{
    [Fact]
    public async Task SendReceiveComplete_OverLoopback_RoundTrips()
    {
        var options = new BrokerOptions { Port = 0 };
        options.Queues.Add("q1");
        await using var broker = new ServiceBusBroker(options);
        broker.Start();
        await using var client = new ServiceBusClient(broker.ConnectionString, new ServiceBusClientOptions { RetryOptions = new ServiceBusRetryOptions { MaxRetries = 0, TryTimeout = TimeSpan.FromSeconds(5) } });
        await using var sender = client.CreateSender("q1");
        await sender.SendMessageAsync(new ServiceBusMessage("hello") { MessageId = "m1" });
        await using var receiver = client.CreateReceiver("q1");
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(message);
        Assert.Equal("hello", message.Body.ToString());
        Assert.Equal(1, message.DeliveryCount);
        await receiver.CompleteMessageAsync(message);
        Assert.Equal(0, broker.GetQueue("q1").Count);
    }
}
