using Pipeline.Integrity;
using Pipeline.Reconciliation;

namespace Pipeline.Tests.ServiceBus;

public abstract partial class ServiceBusTransportTests
{
    [SkippableFact]
    public async Task Reconcile_DeadLetteredCheckOlderThanThreshold_ReportedDeadLettered()
    {
        var caseId = Prefix + "DL";
        await Get<IIntegrityCheckSender>().EnqueueAsync(Request(caseId, "no-such-doc"));
        await Get<ServiceBusCheckProcessor>().DrainAsync();
        Time.Advance(TimeSpan.FromHours(2));

        var summary = await Get<ReconciliationService>().RunAsync(new ReconciliationRequest(ForceNew: true));

        var report = await Get<ReconciliationRunStore>().ReadReportAsync(summary.RunId);
        var finding = Assert.Single(report!.Anomalies, a => a.Kind == AnomalyKinds.DeadLettered);
        Assert.Equal((caseId, "no-such-doc"), (finding.CaseId, finding.DocumentId));
        Assert.Equal(Target.Queue + "/$DeadLetterQueue", finding.Container);
        Assert.StartsWith(CheckDeadLetterReasons.UnknownDocument + ":", finding.Detail, StringComparison.Ordinal);
        Assert.Equal(1, summary.Counts[AnomalyKinds.DeadLettered]);
    }
}
