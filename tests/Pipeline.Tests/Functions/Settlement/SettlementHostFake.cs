using System.Net;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Pipeline.Functions.ServiceBus;
using SettlementService = Pipeline.Functions.ServiceBus.HostSettlement.Settlement;

namespace Pipeline.Tests.Functions.Settlement;

/// <summary>
/// A Functions host's gRPC endpoint, as far as settlement goes: Kestrel on 127.0.0.1, plaintext HTTP/2 (as the host
/// serves its workers), with <see cref="RecordingSettlementService"/> mapped the way the host maps extension services.
/// </summary>
internal sealed class SettlementHostFake : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly GrpcChannel channel;

    private SettlementHostFake(WebApplication app, RecordingSettlementService service, Uri endpoint)
    {
        this.app = app;
        Service = service;
        Endpoint = endpoint;
        channel = GrpcChannel.ForAddress(endpoint);
    }

    public RecordingSettlementService Service { get; }

    /// <summary>What the host passes its worker as <c>--functions-uri</c>.</summary>
    public Uri Endpoint { get; }

    public static async Task<SettlementHostFake> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        var service = new RecordingSettlementService();
        builder.Services.AddSingleton(service);
        var app = builder.Build();
        app.MapGrpcService<RecordingSettlementService>();
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new SettlementHostFake(app, service, new Uri(address));
    }

    /// <summary>A message the host is now running an invocation for: its lock token.</summary>
    public string LockNewMessage()
    {
        var lockToken = Guid.NewGuid().ToString();
        Service.Lock(lockToken);
        return lockToken;
    }

    /// <summary>The worker's client of this host, with its log lines in <paramref name="logs"/>.</summary>
    public IMessageSettlement Client(FakeLogCollector logs, TimeSpan? timeout = null) =>
        new HostMessageSettlement(
            new SettlementService.SettlementClient(channel),
            Options.Create(new HostSettlementOptions { Timeout = timeout ?? TimeSpan.FromSeconds(30) }),
            TimeProvider.System,
            new FakeLogger<HostMessageSettlement>(logs));

    public async ValueTask DisposeAsync()
    {
        channel.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
