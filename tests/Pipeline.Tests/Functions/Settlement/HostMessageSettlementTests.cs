namespace Pipeline.Tests.Functions.Settlement;

/// <summary>Each settlement reaches the host as the request the host's Service Bus extension reads.</summary>
public sealed class HostMessageSettlementTests : SettlementHostTestBase
{
    [Fact]
    public async Task CompleteAsync_LockedMessage_HostCompletesThatLockToken()
    {
        var lockToken = Host.LockNewMessage();

        var settled = await Host.Client(Logs).CompleteAsync(lockToken);

        Assert.True(settled);
        var received = Assert.Single(Host.Service.Received);
        Assert.Equal(new ReceivedSettlement("Complete", lockToken, received.PropertiesToModify), received);
        Assert.Empty(received.PropertiesToModify);
    }

    [Fact]
    public async Task AbandonAsync_PropertiesToModify_HostDecodesTheSameProperties()
    {
        var lockToken = Host.LockNewMessage();
        var properties = new Dictionary<string, string>
        {
            ["pipeline-last-failure"] = "RequestFailedException: Service request failed. Status: 503",
            ["pipeline-failed-delivery"] = "2",
        };

        var settled = await Host.Client(Logs).AbandonAsync(lockToken, properties);

        Assert.True(settled);
        var received = Assert.Single(Host.Service.Received);
        Assert.Equal("Abandon", received.Operation);
        Assert.Equal(lockToken, received.LockToken);
        Assert.Equal(properties.OrderBy(p => p.Key), received.PropertiesToModify.Select(p => KeyValuePair.Create(p.Key, (string)p.Value!)).OrderBy(p => p.Key));
    }

    [Fact]
    public async Task AbandonAsync_NoProperties_HostModifiesNone()
    {
        var lockToken = Host.LockNewMessage();

        Assert.True(await Host.Client(Logs).AbandonAsync(lockToken));

        var received = Assert.Single(Host.Service.Received);
        Assert.Equal(("Abandon", lockToken), (received.Operation, received.LockToken));
        Assert.Empty(received.PropertiesToModify);
    }

    [Fact]
    public async Task DeadLetterAsync_ReasonAndDescription_HostDeadLettersWithBoth()
    {
        var lockToken = Host.LockNewMessage();

        var settled = await Host.Client(Logs).DeadLetterAsync(lockToken, "unknown-document", "No document C1/D1 in the index: no index row.");

        Assert.True(settled);
        var received = Assert.Single(Host.Service.Received);
        Assert.Equal("Deadletter", received.Operation);
        Assert.Equal(lockToken, received.LockToken);
        Assert.Equal("unknown-document", received.DeadLetterReason);
        Assert.Equal("No document C1/D1 in the index: no index row.", received.DeadLetterErrorDescription);
        Assert.Empty(received.PropertiesToModify);
    }

    [Fact]
    public async Task DeferAsync_PropertiesToModify_HostDefersWithThem()
    {
        var lockToken = Host.LockNewMessage();

        Assert.True(await Host.Client(Logs).DeferAsync(lockToken, new Dictionary<string, string> { ["pipeline-deferred-by"] = "IntegrityCheckServiceBus" }));

        var received = Assert.Single(Host.Service.Received);
        Assert.Equal(("Defer", lockToken), (received.Operation, received.LockToken));
        Assert.Equal("IntegrityCheckServiceBus", received.PropertiesToModify["pipeline-deferred-by"]);
    }

    [Fact]
    public async Task RenewLockAsync_LockedMessage_HostRenewsAndTheMessageCanStillBeSettled()
    {
        var lockToken = Host.LockNewMessage();
        var client = Host.Client(Logs);

        Assert.True(await client.RenewLockAsync(lockToken));
        Assert.True(await client.CompleteAsync(lockToken));

        Assert.Equal(["RenewMessageLock", "Complete"], Host.Service.Received.Select(r => r.Operation));
        Assert.All(Host.Service.Received, r => Assert.Equal(lockToken, r.LockToken));
    }

}
