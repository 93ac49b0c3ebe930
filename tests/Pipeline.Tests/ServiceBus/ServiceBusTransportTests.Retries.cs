using Pipeline.Index;
using Pipeline.Integrity;

namespace Pipeline.Tests.ServiceBus;

/// <summary>Transient failures: abandoned and redelivered, and dead-lettered once the delivery limit is reached.</summary>
public abstract partial class ServiceBusTransportTests
{
    [SkippableFact]
    public async Task Handler_TransientFailure_AbandonedAndRedeliveredWithDeliveryCountTwo()
    {
        var (caseId, record) = await IngestAsync("T1");
        Faults.Fail(caseId, record.DocumentId, times: 1);
        var handler = Get<IntegrityCheckHandler>();
        await using var receiver = Client.CreateReceiver(Target.Queue);

        var first = await ReceiveOneAsync(receiver);
        var failed = await handler.HandleAsync(first.Body.ToString(), first.MessageId, first.DeliveryCount);
        await SettleAsync(receiver, first, failed);
        var second = await ReceiveOneAsync(receiver);
        var retried = await handler.HandleAsync(second.Body.ToString(), second.MessageId, second.DeliveryCount);
        await SettleAsync(receiver, second, retried);

        Assert.Equal(CheckSettlement.Abandon, failed.Settlement);
        Assert.Contains("timed out", failed.Description, StringComparison.Ordinal);
        Assert.Equal(1, first.DeliveryCount);
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal(2, second.DeliveryCount);
        Assert.Equal(CheckSettlement.Complete, retried.Settlement);
        Assert.Equal(DocumentStates.Verified, (await Get<DocumentIndex>().GetAsync(caseId, record.DocumentId))!.State);
    }

    [SkippableFact]
    public async Task Processor_CheckFailsOnEveryDelivery_DeadLetteredAfterMaxDeliveries()
    {
        var (caseId, record) = await IngestAsync("X1");
        Faults.Fail(caseId, record.DocumentId, times: int.MaxValue);

        await Get<ServiceBusCheckProcessor>().DrainAsync();

        var dead = Assert.Single(await Get<IDeadLetteredChecks>().ListAsync());
        Assert.Equal("MaxDeliveryCountExceeded", dead.Reason);
        Assert.Equal(Target.MaxDeliveryCount, dead.DeliveryCount);
        Assert.Equal((caseId, record.DocumentId), (dead.CaseId, dead.DocumentId));
        Assert.Equal(DocumentStates.Stored, (await Get<DocumentIndex>().GetAsync(caseId, record.DocumentId))!.State);
    }
}
