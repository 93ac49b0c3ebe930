using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Integrity;
using Pipeline.Reconciliation;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Reconciliation;

public abstract class ReconciliationTestBase : AzuriteTestBase
{
    protected ReconciliationService Reconciliation => Get<ReconciliationService>();

    /// <summary>Ingests and verifies <paramref name="documents"/> text documents in case <paramref name="caseId"/>.</summary>
    protected async Task<List<DocumentRecord>> CleanCaseAsync(string caseId, int documents)
    {
        for (var i = 1; i <= documents; i++)
        {
            var result = await Get<IngestService>().IngestAsync(await UploadTextAsync(caseId, $"doc-{i:D3}", $"{caseId} document {i}"));
            Assert.Equal(IngestOutcome.Accepted, result.Outcome);
        }

        await Get<StorageQueueCheckReceiver>().DrainAsync();
        return await DocumentsAsync(caseId);
    }

    /// <summary>Runs reconciliation and reads back the stored report (the JSON operators read).</summary>
    protected async Task<ReconciliationReport> ReconcileAsync(ReconciliationRequest? request = null)
    {
        var summary = await Reconciliation.RunAsync(request ?? new ReconciliationRequest(ForceNew: true));
        var stored = await Get<ReconciliationRunStore>().ReadReportAsync(summary.RunId);
        Assert.NotNull(stored);
        Assert.Equal(summary.Counts, stored.Counts);
        Assert.Equal(summary.AnomalyCount, stored.Anomalies.Count);
        return stored;
    }
}
