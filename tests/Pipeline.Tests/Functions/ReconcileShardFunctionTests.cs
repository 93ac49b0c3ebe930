using Azure.Storage.Queues.Models;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Audit;
using Pipeline.Functions.Functions;
using Pipeline.Reconciliation;
using Pipeline.Tests.Infrastructure;
using Pipeline.Tests.Reconciliation;

namespace Pipeline.Tests.Functions;

/// <summary>The shard worker trigger invoked as the Functions host would: each shard message, settled by how the call ends.</summary>
public sealed class ReconcileShardFunctionTests : AzuriteTestBase
{
    [Fact]
    public async Task ReconcileShard_HostDeliversEveryShardMessage_ShardedRunCompletesClean()
    {
        await new ReconciliationSeeder(Storage, Get<AuditChainKeys>()).SeedAsync(["FS-1", "FS-2", "FS-3"], 2, Time.GetUtcNow());
        var function = ActivatorUtilities.CreateInstance<ReconcileShardFunction>(Services);
        using var stop = new CancellationTokenSource();
        var dispositions = new List<ShardDisposition>();
        var host = DeliverAsync(function, dispositions, stop.Token);

        var report = await Get<ReconciliationService>().RunAsync(new ReconciliationRequest(ForceNew: true, Sharded: true, CasesPerShard: 1));
        await stop.CancelAsync();
        await host;

        Assert.True(report.Clean);
        Assert.Equal((3, 6), (report.CasesChecked, report.DocumentsChecked));
        Assert.Equal((4, 4), (report.Shards!.Count, report.Shards.Completed));
        Assert.Equal(Enumerable.Repeat(ShardDisposition.Completed, 4), dispositions);
    }

    [Fact]
    public async Task ReconcileShard_NotAShardRequest_ThrowsSoTheHostPoisonsIt()
    {
        var function = ActivatorUtilities.CreateInstance<ReconcileShardFunction>(Services);

        await Assert.ThrowsAsync<ReconciliationShardRetryException>(() => function.RunAsync(QueuesModelFactory.QueueMessage("m-1", "receipt", "{\"runId\":\"\"}", 1)));
    }

    /// <summary>What the host does: receive, invoke, delete when the call returns (a throw leaves the message for a retry).</summary>
    private async Task DeliverAsync(ReconcileShardFunction function, List<ShardDisposition> dispositions, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var message = (await Storage.ShardQueue.ReceiveMessageAsync(TimeSpan.FromSeconds(30), cancellationToken)).Value;
                if (message is null)
                {
                    await Task.Delay(100, cancellationToken);
                    continue;
                }

                dispositions.Add(await function.RunAsync(message, cancellationToken));
                await Storage.ShardQueue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run is complete.
        }
    }
}
