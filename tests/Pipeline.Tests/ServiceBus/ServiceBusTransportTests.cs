using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Audit;
using Pipeline.Hosting;
using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Integrity;
using Pipeline.Tests.Infrastructure;
using Pipeline.Tests.TestFiles;

namespace Pipeline.Tests.ServiceBus;

/// <summary>
/// The Service Bus transport with the unmodified SDK: against the local broker over a 127.0.0.1 socket
/// (<see cref="ServiceBusTransportBrokerTests"/>), and against a real namespace or the emulator
/// (<see cref="ServiceBusTransportLiveTests"/>) with the same tests. Documents live in Azurite, as in every other test.
/// </summary>
public abstract partial class ServiceBusTransportTests : AzuriteTestBase
{
    private ServiceBusTarget? _target;

    protected ServiceBusTarget Target => _target ?? throw new InvalidOperationException("Not initialised.");

    protected abstract Task<ServiceBusTarget> StartTargetAsync();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Pipeline:IntegrityChecks:Transport", IntegrityCheckTransports.ServiceBus),
        new("Pipeline:IntegrityChecks:ServiceBusQueue", Target.Queue),
        new(AppSettingNames.IntegrityServiceBusConnection, Target.ConnectionString),
        new("Pipeline:IntegrityChecks:ServiceBus:DrainIdle", "00:00:01"),
    ];

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton(_ => new ServiceBusClient(Target.ConnectionString, new ServiceBusClientOptions
        {
            RetryOptions = new ServiceBusRetryOptions { MaxRetries = 2, TryTimeout = TimeSpan.FromSeconds(10), Delay = TimeSpan.FromMilliseconds(100) },
        }));

    public override async Task InitializeAsync()
    {
        _target = await StartTargetAsync();
        await base.InitializeAsync();
        await PurgeAsync();
    }

    public override async Task DisposeAsync()
    {
        if (_target is not null)
        {
            await PurgeAsync();
        }

        await base.DisposeAsync();
        if (_target is not null)
        {
            await _target.DisposeAsync();
        }
    }

    private ServiceBusClient Client => Get<ServiceBusClient>();

    [SkippableFact]
    public async Task SendBatched_MoreThanOneBatchHolds_SplitsAndDeliversEvery()
    {
        var sender = (ServiceBusCheckSender)Get<IIntegrityCheckSender>();
        await using var probe = Client.CreateSender(Target.Queue);
        using var empty = await probe.CreateMessageBatchAsync();
        var one = ServiceBusCheckSender.ToMessage(Request("B1", "d-0")).Body.ToArray().Length + 200;
        var count = (int)(empty.MaxSizeInBytes / one) * 2 + 3;

        var batches = await sender.SendBatchedAsync(Enumerable.Range(0, count).Select(i => Request("B1", "d-" + i)));

        Assert.True(batches >= 2, $"{count} checks went in {batches} batch(es) of at most {empty.MaxSizeInBytes} bytes");
        var received = await ReceiveAllAsync(count);
        Assert.Equal(count, received.Select(m => m.MessageId).Distinct().Count());
        var first = received[0];
        Assert.Equal(IntegrityCheckKinds.Reverify, first.ApplicationProperties[ServiceBusCheckSender.KindProperty]);
        Assert.Equal("run-1", first.ApplicationProperties[ServiceBusCheckSender.RunIdProperty]);
        Assert.Equal("application/json", first.ContentType);
    }

    [SkippableFact]
    public async Task Enqueue_SameRequestTwice_SecondDroppedButLaterRecheckKept()
    {
        var sender = Get<IIntegrityCheckSender>();
        var request = Request("D1", "doc");
        await sender.EnqueueAsync(request);
        await sender.EnqueueAsync(request with { });
        await sender.EnqueueAsync(request with { RunId = "run-2" });

        var received = await ReceiveAllAsync(3, TimeSpan.FromSeconds(3));

        Assert.Equal(2, received.Count);
        Assert.Equal(["run-1", "run-2"], received.Select(m => (string)m.ApplicationProperties[ServiceBusCheckSender.RunIdProperty]).Order());
    }

    [SkippableFact]
    public async Task Handler_TransientFailure_AbandonedAndRedeliveredWithDeliveryCountTwo()
    {
        var checkFails = true;
        await using var sender = Client.CreateSender(Target.Queue);
        await sender.SendMessageAsync(ServiceBusCheckSender.ToMessage(Request("T1", "doc")));
        await using var receiver = Client.CreateReceiver(Target.Queue);

        var first = await ReceiveOneAsync(receiver);
        var disposition = checkFails ? CheckDisposition.Abandon("storage timed out") : CheckDisposition.Complete;
        await SettleAsync(receiver, first, disposition);
        var second = await ReceiveOneAsync(receiver);
        await receiver.CompleteMessageAsync(second);

        Assert.Equal(1, first.DeliveryCount);
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal(2, second.DeliveryCount);
    }

    [SkippableFact]
    public async Task Processor_UnknownDocument_DeadLetteredWithReason()
    {
        await Get<IIntegrityCheckSender>().EnqueueAsync(Request("U1", "no-such-doc"));

        var settled = await Get<ServiceBusCheckProcessor>().DrainAsync();

        Assert.Equal(1, settled);
        var dead = Assert.Single(await Get<IDeadLetteredChecks>().ListAsync());
        Assert.Equal(CheckDeadLetterReasons.UnknownDocument, dead.Reason);
        Assert.Contains("U1/no-such-doc", dead.Description, StringComparison.Ordinal);
        Assert.Equal(("U1", "no-such-doc"), (dead.CaseId, dead.DocumentId));
    }

    [SkippableFact]
    public async Task Processor_MalformedMessage_DeadLetteredAsMalformed()
    {
        await using var sender = Client.CreateSender(Target.Queue);
        await sender.SendMessageAsync(new ServiceBusMessage("not a request") { MessageId = Prefix + "-bad" });

        await Get<ServiceBusCheckProcessor>().DrainAsync();

        var dead = Assert.Single(await Get<IDeadLetteredChecks>().ListAsync());
        Assert.Equal(CheckDeadLetterReasons.MalformedMessage, dead.Reason);
        Assert.Equal("not a request", dead.Body);
    }

    [SkippableFact]
    public async Task Abandon_UpToMaxDeliveries_MovesToDeadLetterQueue()
    {
        await using var sender = Client.CreateSender(Target.Queue);
        await sender.SendMessageAsync(ServiceBusCheckSender.ToMessage(Request("M1", "doc")));
        await using var receiver = Client.CreateReceiver(Target.Queue);

        for (var delivery = 1; delivery <= Target.MaxDeliveryCount; delivery++)
        {
            var message = await ReceiveOneAsync(receiver);
            Assert.Equal(delivery, message.DeliveryCount);
            await receiver.AbandonMessageAsync(message);
        }

        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(1)));
        var dead = Assert.Single(await Get<IDeadLetteredChecks>().ListAsync());
        Assert.Equal("MaxDeliveryCountExceeded", dead.Reason);
        Assert.Equal(Target.MaxDeliveryCount, dead.DeliveryCount);
    }

    [SkippableFact]
    public async Task DlqReplay_DeadLetteredCheckOfDocument_ComesBackAndCompletes()
    {
        var (caseId, record) = await IngestAsync("R1");
        await ReceiveAllAsync(1);
        await using var sender = Client.CreateSender(Target.Queue);
        await sender.SendMessageAsync(ServiceBusCheckSender.ToMessage(Request(caseId, record.DocumentId, record.Sha256)));
        await using (var receiver = Client.CreateReceiver(Target.Queue))
        {
            var message = await ReceiveOneAsync(receiver);
            await receiver.DeadLetterMessageAsync(message, "operator-test", "set aside to be replayed");
        }

        var dead = Assert.Single(await Get<IDeadLetteredChecks>().ListAsync());
        var replayed = await Get<IDeadLetteredChecks>().ReplayAsync([dead.Id]);
        var again = await Get<IDeadLetteredChecks>().ReplayAsync(null);
        var settled = await Get<ServiceBusCheckProcessor>().DrainAsync();

        Assert.Equal([dead.Id], replayed);
        Assert.Empty(again);
        Assert.Equal(1, settled);
        Assert.Empty(await Get<IDeadLetteredChecks>().ListAsync());
        Assert.Equal(DocumentStates.Verified, (await Get<DocumentIndex>().GetAsync(caseId, record.DocumentId))!.State);
    }

    [SkippableFact]
    public async Task ConsumerKilledMidMessage_Redelivered_DocumentVerifiedOnceInAuditChain()
    {
        var (caseId, record) = await IngestAsync("K1");
        var handler = Get<IntegrityCheckHandler>();
        await using (var doomed = new ServiceBusClient(Target.ConnectionString))
        {
            var receiver = doomed.CreateReceiver(Target.Queue);
            var message = await ReceiveOneAsync(receiver);
            // The check runs to the end, then the consumer dies before settling: its lock must expire.
            Assert.Equal(CheckSettlement.Complete, (await handler.HandleAsync(message.Body.ToString(), message.MessageId, message.DeliveryCount)).Settlement);
        }

        await using var survivor = Client.CreateReceiver(Target.Queue);
        var redelivered = await survivor.ReceiveMessageAsync(Target.LockDuration + TimeSpan.FromSeconds(30));
        Assert.NotNull(redelivered);
        Assert.Equal(2, redelivered.DeliveryCount);
        Assert.Equal(CheckSettlement.Complete, (await handler.HandleAsync(redelivered.Body.ToString(), redelivered.MessageId, redelivered.DeliveryCount)).Settlement);
        await survivor.CompleteMessageAsync(redelivered);

        var verified = (await AuditAsync(caseId)).Where(a => a.Kind == AuditKinds.DocumentVerified && a.DocumentId == record.DocumentId).ToList();
        Assert.Single(verified);
        var chain = new AuditChainVerifier(caseId);
        foreach (var audit in await AuditAsync(caseId))
        {
            chain.Add(audit);
        }

        Assert.Null(chain.Break);
    }

    private static IntegrityCheckRequest Request(string caseId, string documentId, string? sha256 = null) =>
        new(caseId, documentId, sha256 ?? new string('a', 64)) { Kind = IntegrityCheckKinds.Reverify, RunId = "run-1" };

    private async Task<(string CaseId, DocumentRecord Record)> IngestAsync(string caseSuffix)
    {
        var caseId = Prefix + caseSuffix;
        var result = await Get<IngestService>().IngestAsync(await UploadAsync(caseId, "up-1", "photo.png", SampleFiles.Png(), "image/png"));
        Assert.NotNull(result);
        return (caseId, Assert.Single(await DocumentsAsync(caseId)));
    }

    private static async Task<ServiceBusReceivedMessage> ReceiveOneAsync(ServiceBusReceiver receiver) =>
        await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(15)) ?? throw new Xunit.Sdk.XunitException("no message arrived");

    private static Task SettleAsync(ServiceBusReceiver receiver, ServiceBusReceivedMessage message, CheckDisposition disposition) => disposition.Settlement switch
    {
        CheckSettlement.Complete => receiver.CompleteMessageAsync(message),
        CheckSettlement.DeadLetter => receiver.DeadLetterMessageAsync(message, disposition.Reason!, disposition.Description),
        _ => receiver.AbandonMessageAsync(message),
    };

    private async Task<List<ServiceBusReceivedMessage>> ReceiveAllAsync(int expected, TimeSpan? quiet = null)
    {
        await using var receiver = Client.CreateReceiver(Target.Queue, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        var all = new List<ServiceBusReceivedMessage>();
        while (true)
        {
            var batch = await receiver.ReceiveMessagesAsync(100, all.Count < expected ? TimeSpan.FromSeconds(10) : quiet ?? TimeSpan.FromMilliseconds(500));
            if (batch.Count == 0)
            {
                return all;
            }

            all.AddRange(batch);
        }
    }

    private async Task PurgeAsync()
    {
        await using var client = new ServiceBusClient(Target.ConnectionString);
        foreach (var subQueue in new[] { SubQueue.None, SubQueue.DeadLetter })
        {
            await using var receiver = client.CreateReceiver(Target.Queue, new ServiceBusReceiverOptions { SubQueue = subQueue, ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
            while ((await receiver.ReceiveMessagesAsync(100, TimeSpan.FromMilliseconds(300))).Count > 0)
            {
            }
        }
    }
}

/// <summary>Where the transport tests send: a queue on the local broker or on a real namespace.</summary>
public sealed class ServiceBusTarget(string connectionString, string queue, int maxDeliveryCount, TimeSpan lockDuration, Func<ValueTask>? dispose = null) : IAsyncDisposable
{
    public string ConnectionString { get; } = connectionString;

    public string Queue { get; } = queue;

    public int MaxDeliveryCount { get; } = maxDeliveryCount;

    public TimeSpan LockDuration { get; } = lockDuration;

    public ValueTask DisposeAsync() => dispose?.Invoke() ?? ValueTask.CompletedTask;
}
