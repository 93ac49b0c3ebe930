using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Pipeline.Functions.ServiceBus;

namespace Pipeline.Tests.Functions.Settlement;

/// <summary>
/// A settlement that fails is logged and reported, never thrown: the invocation ends normally and the message, still
/// locked on the broker, is delivered again once its lock expires.
/// </summary>
public sealed class HostMessageSettlementFailureTests : SettlementHostTestBase
{
    [Fact]
    public async Task CompleteAsync_LockTokenUnknownToHost_ReturnsFalseAndLogsFailedPrecondition()
    {
        var lockToken = Guid.NewGuid().ToString();

        var settled = await Host.Client(Logs).CompleteAsync(lockToken);

        Assert.False(settled);
        Assert.Empty(Host.Service.Received);
        var error = AssertOneFailure(StatusCode.FailedPrecondition);
        Assert.Contains(lockToken, error.Message, StringComparison.Ordinal);
        Assert.Contains("Complete", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeadLetterAsync_AlreadySettled_ReturnsFalseAndLogsHostError()
    {
        var lockToken = Host.LockNewMessage();
        var client = Host.Client(Logs);
        Assert.True(await client.CompleteAsync(lockToken));

        var settled = await client.DeadLetterAsync(lockToken, "malformed-message", "not a check request");

        Assert.False(settled);
        Assert.Equal(["Complete"], Host.Service.Received.Select(r => r.Operation));
        AssertOneFailure(StatusCode.Unknown);
    }

    [Fact]
    public async Task AbandonAsync_HostSlowerThanTimeout_ReturnsFalseWithinTimeout()
    {
        var lockToken = LockMessageOnSlowHost();

        var started = TimeProvider.System.GetTimestamp();
        var settled = await Host.Client(Logs, timeout: TimeSpan.FromMilliseconds(300)).AbandonAsync(lockToken);

        Assert.False(settled);
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(10));
        AssertOneFailure(StatusCode.DeadlineExceeded);
    }

    [Fact]
    public async Task CompleteAsync_HostUnreachable_ReturnsFalseAndLogsUnavailable()
    {
        var closedPort = ClosedLoopbackPort();
        using var provider = SettlementProvider(new Uri($"http://127.0.0.1:{closedPort}"));

        var settled = await provider.GetRequiredService<IMessageSettlement>().CompleteAsync(Guid.NewGuid().ToString());

        Assert.False(settled);
        AssertOneFailure(StatusCode.Unavailable);
    }

    [Fact]
    public async Task CompleteAsync_InvocationCancelled_ReturnsFalseWithoutThrowing()
    {
        var lockToken = LockMessageOnSlowHost();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var settled = await Host.Client(Logs).CompleteAsync(lockToken, cancellation.Token);

        Assert.False(settled);
        AssertOneFailure(StatusCode.Cancelled);
    }

    /// <summary>A locked message on a host that answers only after 30 seconds.</summary>
    private string LockMessageOnSlowHost()
    {
        Host.Service.Delay = TimeSpan.FromSeconds(30);
        return Host.LockNewMessage();
    }

    private FakeLogRecord AssertOneFailure(StatusCode status)
    {
        var error = Assert.Single(Logs.GetSnapshot(), r => r.Level == LogLevel.Error);
        Assert.Equal(541, error.Id.Id);
        Assert.Contains(status.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("lock expiry", error.Message, StringComparison.Ordinal);
        return error;
    }

    private ServiceProvider SettlementProvider(Uri hostEndpoint)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([KeyValuePair.Create<string, string?>(HostSettlementServiceCollectionExtensions.HostEndpointKey, hostEndpoint.ToString())])
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.AddProvider(new FakeLoggerProvider(Logs)));
        services.AddHostMessageSettlement(configuration);
        return services.BuildServiceProvider();
    }

    private static int ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
