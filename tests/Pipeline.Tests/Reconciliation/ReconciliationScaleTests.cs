using Pipeline.Ingest;
using Pipeline.Integrity;
using Pipeline.Reconciliation;

namespace Pipeline.Tests.Reconciliation;

public sealed class ReconciliationScaleTests : ReconciliationTestBase
{
    private const int Cases = 25;
    private const int DocumentsPerCase = 20;

    [Fact]
    public async Task RunAsync_CleanStoreOf500DocumentsIn25Cases_ZeroFalsePositives()
    {
        var uploads = Enumerable.Range(1, Cases)
            .SelectMany(c => Enumerable.Range(1, DocumentsPerCase).Select(d => (Case: $"SCALE-{c:D2}", Upload: $"doc-{d:D2}")))
            .ToList();
        await Parallel.ForEachAsync(uploads, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (u, ct) =>
        {
            var intake = await UploadTextAsync(u.Case, u.Upload, $"{u.Case}/{u.Upload}: {new string('.', 40)}");
            Assert.Equal(IngestOutcome.Accepted, (await Get<IngestService>().IngestAsync(intake, ct)).Outcome);
        });
        await Get<StorageQueueCheckReceiver>().DrainAsync();

        var report = await ReconcileAsync();

        Assert.True(report.Clean, string.Join("\n", report.Anomalies.Take(10).Select(a => $"{a.Kind} {a.Blob} {a.Detail}")));
        Assert.Equal(Cases, report.CasesChecked);
        Assert.Equal(Cases * DocumentsPerCase, report.DocumentsChecked);
        Assert.Equal(Cases * DocumentsPerCase, report.BlobsScanned);
        Assert.Equal(Cases * DocumentsPerCase, report.IntakeBlobsScanned);
        Assert.Equal(0, report.ChecksEnqueued);
    }
}
