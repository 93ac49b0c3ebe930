using Pipeline.Integrity;
using Pipeline.Reconciliation;

namespace Pipeline.Tests.Reconciliation;

/// <summary>Checks the Storage transport set aside (its poison queue) become findings once older than the threshold.</summary>
public sealed class DeadLetteredFindingTests : ReconciliationTestBase
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Pipeline:Reconciliation:DeadLetterFindingAge", "01:00:00"),
    ];

    [Fact]
    public async Task RunAsync_PoisonedCheckOlderThanThreshold_ReportedDeadLetteredWithCaseDocumentAndReason()
    {
        await CleanCaseAsync("DL1", 1);
        await Get<IIntegrityCheckSender>().EnqueueAsync(new IntegrityCheckRequest("DL1", "gone-doc", new string('b', 64)));
        await Storage.IntegrityQueue.SendMessageAsync("not a request");
        await Get<StorageQueueCheckReceiver>().DrainAsync();

        var young = await ReconcileAsync();
        Time.Advance(TimeSpan.FromHours(2));
        var old = await ReconcileAsync();

        Assert.DoesNotContain(young.Anomalies, a => a.Kind == AnomalyKinds.DeadLettered);
        Assert.Equal(2, old.Counts[AnomalyKinds.DeadLettered]);
        var unknown = Assert.Single(old.Anomalies, a => a.Kind == AnomalyKinds.DeadLettered && a.DocumentId is not null);
        Assert.Equal(("DL1", "gone-doc"), (unknown.CaseId, unknown.DocumentId));
        Assert.Equal(Get<StoragePoisonedChecks>().Location, unknown.Container);
        Assert.StartsWith(CheckDeadLetterReasons.UnknownDocument + ":", unknown.Detail, StringComparison.Ordinal);
        Assert.Contains("enqueued ", unknown.Detail, StringComparison.Ordinal);
        var malformed = Assert.Single(old.Anomalies, a => a.Kind == AnomalyKinds.DeadLettered && a.DocumentId is null);
        Assert.Contains(CheckDeadLetterReasons.MalformedMessage, malformed.Detail, StringComparison.Ordinal);
        Assert.False(old.Clean);
    }
}
