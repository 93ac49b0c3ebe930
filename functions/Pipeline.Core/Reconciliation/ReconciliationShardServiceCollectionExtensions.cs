using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pipeline.Integrity;

namespace Pipeline.Reconciliation;

/// <summary>Sharded reconciliation: its options, the shard transport's sender, and the local host's workers.</summary>
public static class ReconciliationShardServiceCollectionExtensions
{
    /// <summary>At most <c>host.json</c>'s <c>queues.maxDequeueCount</c>: the Functions host poisons a message after that many deliveries.</summary>
    public const int MaxDeliveries = 5;

    public static IServiceCollection AddReconciliationSharding(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ReconciliationShardOptions>().Bind(configuration.GetSection(ReconciliationShardOptions.SectionName))
            .Validate(o => o.CasesPerShard >= 1, "Pipeline:Reconciliation:Sharding:CasesPerShard must be at least 1.")
            .Validate(o => o.MaxAttempts is >= 1 and <= MaxDeliveries, $"Pipeline:Reconciliation:Sharding:MaxAttempts must be 1 to {MaxDeliveries} (host.json's maxDequeueCount).")
            .Validate(
                o => o.RetryDelay >= TimeSpan.Zero && o.PollInterval > TimeSpan.Zero && o.ShardTimeout > TimeSpan.Zero && o.VisibilityTimeout >= TimeSpan.FromSeconds(2),
                "Pipeline:Reconciliation:Sharding: RetryDelay must not be negative, PollInterval and ShardTimeout must be positive, VisibilityTimeout at least 2 seconds.")
            .ValidateOnStart();
        // Shards travel over the check transport (Pipeline:IntegrityChecks:Transport).
        services.TryAddSingleton<IReconciliationShardSender>(sp => OverServiceBus(sp)
            ? ActivatorUtilities.CreateInstance<ServiceBusShardSender>(sp)
            : ActivatorUtilities.CreateInstance<StorageQueueShardSender>(sp));
        services.TryAddSingleton<IReconciliationShardReceiver>(sp => OverServiceBus(sp)
            ? ActivatorUtilities.CreateInstance<ServiceBusShardReceiver>(sp)
            : ActivatorUtilities.CreateInstance<StorageQueueShardReceiver>(sp));
        return services;
    }

    private static bool OverServiceBus(IServiceProvider services) =>
        services.GetRequiredService<IOptions<IntegrityCheckOptions>>().Value.Transport == IntegrityCheckTransports.ServiceBus;
}
