using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pipeline.Functions.ServiceBus.HostSettlement;

namespace Pipeline.Functions.ServiceBus;

public static class HostSettlementServiceCollectionExtensions
{
    /// <summary>
    /// Where the worker reaches its Functions host: the host starts the worker with <c>--functions-uri</c>, which the
    /// worker's configuration maps to this key (the worker's own gRPC channel and the host's extension services, settlement
    /// among them, share that endpoint).
    /// </summary>
    public const string HostEndpointKey = "Functions:Worker:HostEndpoint";

    /// <summary>
    /// Registers <see cref="IMessageSettlement"/> (settling through the Functions host's gRPC endpoint) and the
    /// integrity-check trigger's <see cref="IntegrityCheckSettlement"/>.
    /// </summary>
    public static IServiceCollection AddHostMessageSettlement(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<HostSettlementOptions>().Bind(configuration.GetSection(HostSettlementOptions.SectionName))
            .Validate(options => options.Timeout > TimeSpan.Zero, "Pipeline:ServiceBus:Settlement:Timeout must be positive.");
        services.AddGrpcClient<Settlement.SettlementClient>((provider, options) =>
            options.Address = HostEndpoint(provider.GetRequiredService<IConfiguration>()));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddTransient<IMessageSettlement, HostMessageSettlement>();
        services.TryAddTransient<IntegrityCheckSettlement>();
        return services;
    }

    private static Uri HostEndpoint(IConfiguration configuration)
    {
        var value = configuration[HostEndpointKey];
        if (string.IsNullOrEmpty(value))
        {
            throw new InvalidOperationException($"No Functions host endpoint ({HostEndpointKey}): the Functions host passes it to the worker as --functions-uri.");
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var endpoint)
            ? endpoint
            : throw new InvalidOperationException($"The Functions host endpoint '{value}' ({HostEndpointKey}) is not an absolute URI.");
    }
}
