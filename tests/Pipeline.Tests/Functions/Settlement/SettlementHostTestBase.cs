using Microsoft.Extensions.Logging.Testing;

namespace Pipeline.Tests.Functions.Settlement;

/// <summary>A fresh <see cref="SettlementHostFake"/> per test, and the worker-side log lines.</summary>
public abstract class SettlementHostTestBase : IAsyncLifetime
{
    private SettlementHostFake? host;

    internal SettlementHostFake Host => host ?? throw new InvalidOperationException("The host starts in InitializeAsync.");

    internal FakeLogCollector Logs { get; } = new();

    public async Task InitializeAsync() => host = await SettlementHostFake.StartAsync();

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}
