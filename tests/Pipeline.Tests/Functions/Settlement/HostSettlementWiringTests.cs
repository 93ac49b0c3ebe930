using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Functions.ServiceBus;
using Pipeline.Hosting;

namespace Pipeline.Tests.Functions.Settlement;

/// <summary>
/// The Functions app finds the host's settlement service where it finds its host: the endpoint the host starts the worker
/// with (<c>--functions-uri</c>, which the worker maps to <c>Functions:Worker:HostEndpoint</c>).
/// </summary>
public sealed class HostSettlementWiringTests
{
    [Fact]
    public async Task FunctionsBuilder_HostEndpointConfigured_SettlementReachesThatHost()
    {
        await using var fake = await SettlementHostFake.StartAsync();
        var lockToken = fake.LockNewMessage();
        using var app = BuildFunctionsApp(fake.Endpoint.ToString());

        var settled = await app.Services.GetRequiredService<IMessageSettlement>().DeadLetterAsync(lockToken, "malformed-message", "Message M1 is not an integrity-check request.");

        Assert.True(settled);
        var received = Assert.Single(fake.Service.Received);
        Assert.Equal(("Deadletter", lockToken, "malformed-message"), (received.Operation, received.LockToken, received.DeadLetterReason));
    }

    [Fact]
    public void FunctionsBuilder_NoHostEndpoint_ResolvingSettlementNamesTheMissingSetting()
    {
        using var app = BuildFunctionsApp(hostEndpoint: null);

        var error = Assert.Throws<InvalidOperationException>(() => app.Services.GetRequiredService<IMessageSettlement>());

        Assert.Contains(HostSettlementServiceCollectionExtensions.HostEndpointKey, error.Message, StringComparison.Ordinal);
    }

    private static Microsoft.Extensions.Hosting.IHost BuildFunctionsApp(string? hostEndpoint)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration[AppSettingNames.EvidenceStorageConnection] = "UseDevelopmentStorage=true";
        builder.Configuration[HostSettlementServiceCollectionExtensions.HostEndpointKey] = hostEndpoint;
        builder.AddPipelineServices();
        builder.Services.AddHostMessageSettlement(builder.Configuration);
        return builder.Build();
    }
}
