using Microsoft.Extensions.Logging.Testing;

namespace Pipeline.Tests.Functions.Settlement;

/// <summary>Each settlement reaches the host as the request the host's Service Bus extension reads.</summary>
public sealed class HostMessageSettlementTests : IAsyncLifetime
{
    private readonly FakeLogCollector logs = new();
    private SettlementHostFake host = null!;

    public async Task InitializeAsync() => host = await SettlementHostFake.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task CompleteAsync_LockedMessage_HostCompletesThatLockToken()
    {
        var lockToken = LockNew();

        var settled = await host.Client(logs).CompleteAsync(lockToken);

        Assert.True(settled);
        var received = Assert.Single(host.Service.Received);
        Assert.Equal(new ReceivedSettlement("Complete", lockToken, received.PropertiesToModify), received);
        Assert.Empty(received.PropertiesToModify);
    }

    [Fact]
    public async Task AbandonAsync_PropertiesToModify_HostDecodesTheSameProperties()
    {
        var lockToken = LockNew();
        var properties = new Dictionary<string, string>
        {
            ["pipeline-last-failure"] = "RequestFailedException: Service request failed. Status: 503",
            ["pipeline-failed-delivery"] = "2",
        };

        var settled = await host.Client(logs).AbandonAsync(lockToken, properties);

        Assert.True(settled);
        var received = Assert.Single(host.Service.Received);
        Assert.Equal("Abandon", received.Operation);
        Assert.Equal(lockToken, received.LockToken);
        Assert.Equal(properties.OrderBy(p => p.Key), received.PropertiesToModify.Select(p => KeyValuePair.Create(p.Key, (string)p.Value!)).OrderBy(p => p.Key));
    }

    [Fact]
    public async Task AbandonAsync_NoProperties_HostModifiesNone()
    {
        var lockToken = LockNew();

        Assert.True(await host.Client(logs).AbandonAsync(lockToken));

        var received = Assert.Single(host.Service.Received);
        Assert.Equal(("Abandon", lockToken), (received.Operation, received.LockToken));
        Assert.Empty(received.PropertiesToModify);
    }

    [Fact]
    public async Task DeadLetterAsync_ReasonAndDescription_HostDeadLettersWithBoth()
    {
        var lockToken = LockNew();

        var settled = await host.Client(logs).DeadLetterAsync(lockToken, "unknown-document", "No document C1/D1 in the index: no index row.");

        Assert.True(settled);
        var received = Assert.Single(host.Service.Received);
        Assert.Equal("Deadletter", received.Operation);
        Assert.Equal(lockToken, received.LockToken);
        Assert.Equal("unknown-document", received.DeadLetterReason);
        Assert.Equal("No document C1/D1 in the index: no index row.", received.DeadLetterErrorDescription);
        Assert.Empty(received.PropertiesToModify);
    }

    [Fact]
    public async Task DeferAsync_PropertiesToModify_HostDefersWithThem()
    {
        var lockToken = LockNew();

        Assert.True(await host.Client(logs).DeferAsync(lockToken, new Dictionary<string, string> { ["pipeline-deferred-by"] = "IntegrityCheckServiceBus" }));

        var received = Assert.Single(host.Service.Received);
        Assert.Equal(("Defer", lockToken), (received.Operation, received.LockToken));
        Assert.Equal("IntegrityCheckServiceBus", received.PropertiesToModify["pipeline-deferred-by"]);
    }

    [Fact]
    public async Task RenewLockAsync_LockedMessage_HostRenewsAndTheMessageCanStillBeSettled()
    {
        var lockToken = LockNew();
        var client = host.Client(logs);

        Assert.True(await client.RenewLockAsync(lockToken));
        Assert.True(await client.CompleteAsync(lockToken));

        Assert.Equal(["RenewMessageLock", "Complete"], host.Service.Received.Select(r => r.Operation));
        Assert.All(host.Service.Received, r => Assert.Equal(lockToken, r.LockToken));
    }

    private string LockNew()
    {
        var lockToken = Guid.NewGuid().ToString();
        host.Service.Lock(lockToken);
        return lockToken;
    }
}
