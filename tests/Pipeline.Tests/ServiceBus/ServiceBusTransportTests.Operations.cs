using Microsoft.Extensions.DependencyInjection;
using Pipeline.Index;
using Pipeline.Integrity;
using Pipeline.Local;
using Pipeline.Portal;
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

    [SkippableFact]
    public async Task OperationsPage_CheckDeadLettered_CountedBesideStoragePoisonQueues()
    {
        await Get<IIntegrityCheckSender>().EnqueueAsync(Request(Prefix + "OP", "no-such-doc"));
        await Get<ServiceBusCheckProcessor>().DrainAsync();

        var view = await Get<OperationsHandler>().GatherAsync();

        Assert.Equal(1, view.DeadLetters[Target.Queue + "/$DeadLetterQueue"]);
        Assert.Equal(0, view.DeadLetters[Storage.IntegrityQueue.Name + "-poison"]);
    }

    [SkippableFact]
    public async Task LocalRunner_UploadsWithServiceBusTransport_IngestedVerifiedAndReconciledClean()
    {
        var caseId = Prefix + "LR";
        for (var i = 1; i <= 3; i++)
        {
            await UploadTextAsync(caseId, $"up-{i}", $"local run document {i}");
        }

        var (ingested, checkedCount) = await ActivatorUtilities.CreateInstance<LocalRunner>(Services).UntilIdleAsync();
        var summary = await Get<ReconciliationService>().RunAsync(new ReconciliationRequest(ForceNew: true));

        Assert.Equal((3, 3), (ingested, checkedCount));
        Assert.All(await DocumentsAsync(caseId), d => Assert.Equal(DocumentStates.Verified, d.State));
        Assert.True(summary.Clean, string.Join("; ", summary.Counts.Where(c => c.Value > 0).Select(c => $"{c.Key} {c.Value}")));
        Assert.Empty(await Get<IDeadLetteredChecks>().ListAsync());
    }
}
