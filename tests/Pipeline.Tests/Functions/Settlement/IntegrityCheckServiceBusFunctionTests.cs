using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Pipeline.Faults;
using Pipeline.Functions.Functions;
using Pipeline.Functions.ServiceBus;
using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Integrity;
using Pipeline.Tests.Faults;
using Pipeline.Tests.Infrastructure;
using Pipeline.Tests.TestFiles;

namespace Pipeline.Tests.Functions.Settlement;

/// <summary>
/// The Service Bus trigger settles each message explicitly through the host, by the lock token of its binding data, as
/// the handler decided; checks run for real against Azurite.
/// </summary>
public sealed class IntegrityCheckServiceBusFunctionTests : AzuriteTestBase
{
    private readonly FakeLogCollector logs = new();
    private readonly ScriptedFaultInjector faults = new();
    private SettlementHostFake? host;

    private SettlementHostFake Host => host ?? throw new InvalidOperationException("Not initialised.");

    public override async Task InitializeAsync()
    {
        host = await SettlementHostFake.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<IFaultInjector>(faults);
        services.AddTransient(_ => Host.Client(logs));
        services.AddTransient<IntegrityCheckSettlement>();
    }

    [Fact]
    public async Task RunAsync_DocumentIntact_CompletesByLockTokenAndVerifies()
    {
        var request = await IngestAsync("S1");

        var lockToken = await DeliverAsync(request, deliveryCount: 1);

        Assert.Equal(new ReceivedSettlement("Complete", lockToken, Assert.Single(Host.Service.Received).PropertiesToModify), Assert.Single(Host.Service.Received));
        Assert.Equal(DocumentStates.Verified, Assert.Single(await DocumentsAsync("S1")).State);
    }

    [Fact]
    public async Task RunAsync_TransientFailure_AbandonsWithLastFailureThenRedeliveryCompletes()
    {
        var request = await IngestAsync("S2");
        faults.CrashOnce(FaultSteps.CheckMeasured, $"{request.CaseId}/{request.DocumentId}");

        var first = await DeliverAsync(request, deliveryCount: 1);
        var second = await DeliverAsync(request, deliveryCount: 2);

        var (abandon, complete) = (Host.Service.Received[0], Host.Service.Received[1]);
        Assert.Equal(("Abandon", first), (abandon.Operation, abandon.LockToken));
        Assert.Contains("crash injected at check.measured", (string)abandon.PropertiesToModify[IntegrityCheckSettlement.LastFailureProperty]!, StringComparison.Ordinal);
        Assert.Equal(("Complete", second), (complete.Operation, complete.LockToken));
        Assert.Equal(2, Host.Service.Received.Count);
        Assert.Equal(DocumentStates.Verified, Assert.Single(await DocumentsAsync("S2")).State);
    }

    [Fact]
    public async Task RunAsync_MalformedMessage_DeadLettersWithReasonAndDescription()
    {
        var lockToken = Host.LockNewMessage();

        await Function().RunAsync("{\"caseId\":\"S3\"}", Trigger("m-malformed", 1, lockToken));

        var received = Assert.Single(Host.Service.Received);
        Assert.Equal(("Deadletter", lockToken, CheckDeadLetterReasons.MalformedMessage), (received.Operation, received.LockToken, received.DeadLetterReason));
        Assert.StartsWith("Message m-malformed is not an integrity-check request: missing field ", received.DeadLetterErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnknownDocument_DeadLettersNamingTheDocument()
    {
        var request = IntegrityCheckRequest.ForIngest("S4", "never-ingested", new string('a', 64), Time.GetUtcNow());

        var lockToken = await DeliverAsync(request, deliveryCount: 1);

        var received = Assert.Single(Host.Service.Received);
        Assert.Equal(("Deadletter", lockToken, CheckDeadLetterReasons.UnknownDocument), (received.Operation, received.LockToken, received.DeadLetterReason));
        Assert.Contains("S4/never-ingested", received.DeadLetterErrorDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SettlementFails_InvocationEndsNormallyAndTheCheckStands()
    {
        var request = await IngestAsync("S5");

        // A lock token the host does not hold (its lock already lost): the host refuses the completion.
        await Function().RunAsync(request.ToJson(), Trigger(request.MessageId, 1, Guid.NewGuid().ToString()));

        Assert.Empty(Host.Service.Received);
        Assert.Contains(logs.GetSnapshot(), r => r.Id.Id == 541 && r.Message.Contains("FailedPrecondition", StringComparison.Ordinal));
        Assert.Equal(DocumentStates.Verified, Assert.Single(await DocumentsAsync("S5")).State);
    }

    [Fact]
    public async Task RunAsync_NoLockTokenAndTransientFailure_FailsTheInvocationSoTheHostAbandons()
    {
        var request = await IngestAsync("S6");
        faults.CrashOnce(FaultSteps.CheckMeasured, $"{request.CaseId}/{request.DocumentId}");

        var error = await Assert.ThrowsAsync<IntegrityCheckNotCompletedException>(() => Function().RunAsync(request.ToJson(), Trigger(request.MessageId, 1, lockToken: null)));

        Assert.Equal(CheckSettlement.Abandon, error.Disposition?.Settlement);
        Assert.Empty(Host.Service.Received);
    }

    private IntegrityCheckServiceBusFunction Function() => ActivatorUtilities.CreateInstance<IntegrityCheckServiceBusFunction>(Services);

    /// <summary>Ingests a document and returns the check request its ingest asked for (not sent: these tests deliver it).</summary>
    private async Task<IntegrityCheckRequest> IngestAsync(string caseId)
    {
        await Get<IngestService>().IngestAsync(await UploadAsync(caseId, "up-1", "photo.png", SampleFiles.Png(), "image/png"));
        var message = (await Storage.IntegrityQueue.ReceiveMessageAsync()).Value;
        return Assert.Single(IntegrityCheckRequest.TryParseMany(message.Body.ToString())!);
    }

    /// <summary>Delivers <paramref name="request"/> as the host would, under a new lock; returns that lock token.</summary>
    private async Task<string> DeliverAsync(IntegrityCheckRequest request, int deliveryCount)
    {
        var lockToken = Host.LockNewMessage();
        await Function().RunAsync(request.ToJson(), Trigger(request.MessageId, deliveryCount, lockToken));
        return lockToken;
    }

    private FakeFunctionContext Trigger(string messageId, int deliveryCount, string? lockToken)
    {
        var bindingData = new Dictionary<string, object?> { ["MessageId"] = messageId, ["DeliveryCount"] = deliveryCount.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (lockToken is not null)
        {
            bindingData["LockToken"] = lockToken;
        }

        return new FakeFunctionContext(Services, bindingData);
    }
}
