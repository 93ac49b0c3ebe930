using Pipeline.Audit;
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

    /// <summary>Seeds <paramref name="documents"/> accepted documents in each case with <see cref="ReconciliationSeeder"/>.</summary>
    protected Task Seed(IReadOnlyList<string> caseIds, int documents) =>
        new ReconciliationSeeder(Storage, Get<AuditChainKeys>()).SeedAsync(caseIds, documents, Time.GetUtcNow());

    /// <summary>What two runs over the same data must agree on: counts and every finding, in a stable order.</summary>
    protected static (long, long, long, string) Comparable(ReconciliationReport report) =>
        (report.CasesChecked, report.DocumentsChecked, report.BlobsScanned,
            string.Join("\n", report.Anomalies.Select(a => $"{a.Kind}|{a.CaseId}|{a.DocumentId}|{a.Container}|{a.Blob}|{a.Detail}").Order(StringComparer.Ordinal)));

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
