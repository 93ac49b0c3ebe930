using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Audit;
using Pipeline.Broker;
using Pipeline.Faults;
using Pipeline.Hosting;
using Pipeline.Integrity;
using Pipeline.Reconciliation;
using Pipeline.Tests.Infrastructure;
using Pipeline.Tests.Reconciliation;

namespace Pipeline.Tests.ServiceBus;

/// <summary>Sharded reconciliation over Service Bus (the local broker on 127.0.0.1), chosen with the check transport.</summary>
public sealed class ShardedReconciliationServiceBusTests : AzuriteTestBase
{
    private readonly CrashFirstDelivery _crash = new("/1");
    private string? _connectionString;
    private Func<ValueTask>? _stopBroker;

    private string BrokerConnection => _connectionString ?? throw new InvalidOperationException("Not initialised.");

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Pipeline:IntegrityChecks:Transport", IntegrityCheckTransports.ServiceBus),
        new("Pipeline:IntegrityChecks:ServiceBusQueue", Prefix + "-checks"),
        new("Pipeline:Reconciliation:ShardQueue", Prefix + "-shards"),
        new(AppSettingNames.IntegrityServiceBusConnection, BrokerConnection),
        new("Pipeline:Reconciliation:Sharding:RetryDelay", "00:00:00.100"),
        new("Pipeline:Reconciliation:Sharding:PollInterval", "00:00:00.100"),
    ];

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<IFaultInjector>(_crash);
        services.AddSingleton(_ => new ServiceBusClient(BrokerConnection, new ServiceBusClientOptions
        {
            RetryOptions = new ServiceBusRetryOptions { MaxRetries = 2, TryTimeout = TimeSpan.FromSeconds(10), Delay = TimeSpan.FromMilliseconds(100) },
        }));
    }

    public override async Task InitializeAsync()
    {
        var options = new BrokerOptions { Port = 0, LockDuration = TimeSpan.FromSeconds(5), MaxDeliveryCount = 5 };
        options.Queues.Add(Prefix + "-checks");
        options.Queues.Add(Prefix + "-shards");
        var broker = new ServiceBusBroker(options);
        broker.Start();
        (_connectionString, _stopBroker) = (broker.ConnectionString, broker.DisposeAsync);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_stopBroker is not null)
        {
            await _stopBroker();
        }
    }

    [Fact]
    public async Task RunAsync_ShardsOverServiceBusOneFailingOnce_SameCountsAsSingleProcessAndShardRetried()
    {
        await new ReconciliationSeeder(Storage, Get<AuditChainKeys>()).SeedAsync(["SB-1", "SB-2", "SB-3", "SB-4"], 3, Time.GetUtcNow());
        var single = await Get<ReconciliationService>().RunAsync(new ReconciliationRequest(ForceNew: true));
        Assert.IsType<ServiceBusShardSender>(Get<IReconciliationShardSender>());

        using var stop = new CancellationTokenSource();
        var workers = Get<IReconciliationShardReceiver>().RunAsync(2, stop.Token);
        var sharded = await Get<ReconciliationService>().RunAsync(new ReconciliationRequest(ForceNew: true, Sharded: true, CasesPerShard: 1));
        await stop.CancelAsync();
        await workers;

        Assert.True(sharded.Clean);
        Assert.Equal((single.CasesChecked, single.DocumentsChecked, single.BlobsScanned), (sharded.CasesChecked, sharded.DocumentsChecked, sharded.BlobsScanned));
        Assert.Equal((5, 5, 0), (sharded.Shards!.Count, sharded.Shards.Completed, sharded.Shards.Failed));
        Assert.Equal(2, sharded.Shards.Items.Single(s => s.Shard == 1).Attempts);
        Assert.Equal(1, _crash.Fired);
    }

    /// <summary>Crashes the first delivery of one shard, as a worker dying there would.</summary>
    private sealed class CrashFirstDelivery(string subjectSuffix) : IFaultInjector
    {
        private int _fired;

        public int Fired => Volatile.Read(ref _fired);

        public ValueTask AtAsync(string stepName, string subject, CancellationToken cancellationToken = default) =>
            stepName == FaultSteps.ReconcileShard && subject.EndsWith(subjectSuffix, StringComparison.Ordinal) && Interlocked.CompareExchange(ref _fired, 1, 0) == 0
                ? throw new SimulatedCrashException($"crash injected at {stepName} for {subject}")
                : ValueTask.CompletedTask;
    }
}
