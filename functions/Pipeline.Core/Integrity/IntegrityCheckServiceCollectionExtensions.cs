using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pipeline.Hosting;

namespace Pipeline.Integrity;

/// <summary>The integrity-check transport: options, the sender the configured transport uses, and both receivers.</summary>
public static class IntegrityCheckServiceCollectionExtensions
{
    public static IServiceCollection AddIntegrityCheckTransport(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<IntegrityCheckOptions>().Bind(configuration.GetSection(IntegrityCheckOptions.SectionName))
            .Validate(o => o.Concurrency >= 1 && o.MaxBatch >= 1 && o.BatchLinger >= TimeSpan.Zero, "Pipeline:IntegrityChecks: Concurrency and MaxBatch must be at least 1, BatchLinger not negative.")
            .Validate(
                o => o.Transport is IntegrityCheckTransports.StorageQueue or IntegrityCheckTransports.ServiceBus,
                $"Pipeline:IntegrityChecks:Transport must be '{IntegrityCheckTransports.ServiceBus}' or '{IntegrityCheckTransports.StorageQueue}'.")
            .Validate(
                o => o.Transport != IntegrityCheckTransports.ServiceBus || !string.IsNullOrWhiteSpace(o.ServiceBusQueue),
                "Pipeline:IntegrityChecks:ServiceBusQueue must name the queue when the transport is ServiceBus.")
            .Validate(
                o => o.Transport != IntegrityCheckTransports.ServiceBus || HasServiceBusConnection(configuration),
                $"The ServiceBus transport needs the '{AppSettingNames.IntegrityServiceBusConnection}' connection: a connection string, or '{AppSettingNames.IntegrityServiceBusConnection}__fullyQualifiedNamespace'.")
            .ValidateOnStart();
        services.AddOptions<ServiceBusCheckOptions>().Bind(configuration.GetSection(ServiceBusCheckOptions.SectionName))
            .Validate(o => o.DrainIdle > TimeSpan.Zero, "Pipeline:IntegrityChecks:ServiceBus:DrainIdle must be positive.")
            .ValidateOnStart();

        // Created on first use only: a Storage-queue set-up never needs a Service Bus connection.
        services.TryAddSingleton(_ => ServiceBusConnection.CreateClient(configuration, AppSettingNames.IntegrityServiceBusConnection));
        services.TryAddSingleton(sp => sp.GetRequiredService<ServiceBusClient>().CreateSender(sp.GetRequiredService<IOptions<IntegrityCheckOptions>>().Value.ServiceBusQueue));
        services.TryAddSingleton<IntegrityCheckHandler>();
        services.TryAddSingleton<StorageQueueCheckReceiver>();
        services.TryAddSingleton<StoragePoisonedChecks>();
        services.TryAddSingleton<ServiceBusDeadLetteredChecks>();
        services.TryAddSingleton<IDeadLetteredChecks>(sp => sp.GetRequiredService<IOptions<IntegrityCheckOptions>>().Value.Transport == IntegrityCheckTransports.ServiceBus
            ? sp.GetRequiredService<ServiceBusDeadLetteredChecks>()
            : sp.GetRequiredService<StoragePoisonedChecks>());
        services.TryAddSingleton<ServiceBusCheckProcessor>();
        services.TryAddSingleton<IIntegrityCheckReceiver>(sp => sp.GetRequiredService<IOptions<IntegrityCheckOptions>>().Value.Transport == IntegrityCheckTransports.ServiceBus
            ? sp.GetRequiredService<ServiceBusCheckProcessor>()
            : sp.GetRequiredService<StorageQueueCheckReceiver>());
        services.TryAddSingleton<IIntegrityCheckSender>(sp => sp.GetRequiredService<IOptions<IntegrityCheckOptions>>().Value.Transport == IntegrityCheckTransports.ServiceBus
            ? ActivatorUtilities.CreateInstance<ServiceBusCheckSender>(sp)
            : ActivatorUtilities.CreateInstance<StorageQueueCheckSender>(sp));
        return services;
    }

    private static bool HasServiceBusConnection(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[AppSettingNames.IntegrityServiceBusConnection])
        || !string.IsNullOrWhiteSpace(configuration.GetSection(AppSettingNames.IntegrityServiceBusConnection)["fullyQualifiedNamespace"]);
}
