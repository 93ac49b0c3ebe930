using Pipeline.Audit;
using Pipeline.Disposal;
using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Intake;
using Pipeline.Integrity;
using Pipeline.Receipts;
using Pipeline.Reconciliation;
using Pipeline.Tests.Reconciliation;

namespace Pipeline.Tests.Disposal;

public sealed class DisposalServiceTests : ReconciliationTestBase
{
    private DisposalService Disposals => Get<DisposalService>();

    [Fact]
    public async Task DisposeAsync_VerifiedDocument_AuditedWithReasonAndActorAndBytesKept()
    {
        var rows = await CleanCaseAsync("case-d1", 2);
        var blob = Storage.Evidence.GetBlobClient(rows[0].EvidenceBlob);
        var before = (await blob.DownloadContentAsync()).Value.Content.ToArray();

        var result = await Disposals.DisposeAsync(new DisposalRequest("case-d1", "doc-001", "struck out by order of 3 March", "clerk-42"));

        Assert.Equal(DisposalOutcome.Disposed, result.Outcome);
        var row = (await Get<DocumentIndex>().GetAsync("case-d1", "doc-001"))!;
        Assert.Equal(DocumentStates.Disposed, row.State);
        Assert.Equal("clerk-42", row.DisposedBy);
        Assert.Equal("struck out by order of 3 March", row.DisposalReason);
        Assert.Equal(rows[0].EvidenceBlob, row.EvidenceBlob);
        var record = (await AuditAsync("case-d1")).Single(r => r.Kind == AuditKinds.DocumentDisposed);
        Assert.Equal(result.AuditSequence, record.Sequence);
        Assert.Equal(rows[0].Sha256, record.Sha256);
        Assert.Contains("clerk-42", record.Detail, StringComparison.Ordinal);
        Assert.Contains("struck out by order of 3 March", record.Detail, StringComparison.Ordinal);
        Assert.Equal(before, (await blob.DownloadContentAsync()).Value.Content.ToArray());
        Assert.Equal(["doc-002"], (await Get<ReceiptService>().GetManifestAsync("case-d1"))!.Documents.Select(d => d.DocumentId));
    }

    [Fact]
    public async Task DisposeAsync_ThenReconcile_DisposedBlobIsNeitherUntrackedNorChecked()
    {
        await CleanCaseAsync("case-d2", 2);
        await Disposals.DisposeAsync(new DisposalRequest("case-d2", "doc-002", "duplicate filing", "clerk-1"));
        Time.Advance(TimeSpan.FromHours(1));

        var report = await ReconcileAsync();
        var check = await Get<IntegrityChecker>().CheckAsync(new IntegrityCheckRequest("case-d2", "doc-002", (await DocumentsAsync("case-d2"))[1].Sha256));

        Assert.True(report.Clean, string.Join("; ", report.Anomalies.Select(a => $"{a.Kind} {a.DocumentId} {a.Detail}")));
        Assert.Equal(IntegrityCheckResult.Skipped, check.Outcome);
        Assert.Equal(DocumentStates.Disposed, (await Get<DocumentIndex>().GetAsync("case-d2", "doc-002"))!.State);
    }

    [Fact]
    public async Task DisposeAsync_DisposedBlobDeletedAfterwards_ReconciliationReportsItMissing()
    {
        var rows = await CleanCaseAsync("case-d3", 1);
        await Disposals.DisposeAsync(new DisposalRequest("case-d3", "doc-001", "withdrawn", "clerk-1"));
        await Storage.Evidence.DeleteBlobAsync(rows[0].EvidenceBlob);

        var report = await ReconcileAsync();

        var anomaly = Assert.Single(report.Anomalies);
        Assert.Equal(AnomalyKinds.Missing, anomaly.Kind);
        Assert.Equal("doc-001", anomaly.DocumentId);
    }

    [Theory]
    [InlineData("case-care", "case-crime")]
    [InlineData("case-crime", "case-care")]
    public async Task DisposeAsync_SameBytesAcceptedIntoTwoCases_EachCaseKeepsItsDocumentWhenTheOtherDisposes(string disposesFirst, string keeps)
    {
        var bytes = "a medical report filed in both the care and the criminal case"u8.ToArray();
        await Get<IngestService>().IngestAsync(await UploadAsync("case-care", "report", "report.txt", bytes));
        await Get<IngestService>().IngestAsync(await UploadAsync("case-crime", "report", "report.txt", bytes));
        await Get<StorageQueueCheckReceiver>().DrainAsync();
        var keptReceipt = (await Get<ReceiptService>().GetReceiptAsync(keeps, "report"))!;

        Assert.Equal(DisposalOutcome.Disposed, (await Disposals.DisposeAsync(new DisposalRequest(disposesFirst, "report", "case closed", "clerk-1"))).Outcome);

        var kept = (await Get<DocumentIndex>().GetAsync(keeps, "report"))!;
        var keptManifest = (await Get<ReceiptService>().GetManifestAsync(keeps))!;
        Assert.Equal(DocumentStates.Verified, kept.State);
        Assert.Equal(bytes, (await Storage.Evidence.GetBlobClient(kept.EvidenceBlob).DownloadContentAsync()).Value.Content.ToArray());
        Assert.Contains(keptManifest.Documents, d => d.DocumentId == "report");
        Assert.Empty(ReceiptVerifier.Verify(keptReceipt, keptManifest));
        Assert.DoesNotContain(await AuditAsync(keeps), r => r.Kind == AuditKinds.DocumentDisposed);

        Assert.Equal(DisposalOutcome.Disposed, (await Disposals.DisposeAsync(new DisposalRequest(keeps, "report", "case closed", "clerk-2"))).Outcome);

        // Disposal removes a document from a case, never bytes: both evidence blobs stay until retention allows.
        var disposed = (await Get<DocumentIndex>().GetAsync(disposesFirst, "report"))!;
        Assert.Equal(bytes, (await Storage.Evidence.GetBlobClient(disposed.EvidenceBlob).DownloadContentAsync()).Value.Content.ToArray());
        Assert.Equal(bytes, (await Storage.Evidence.GetBlobClient(kept.EvidenceBlob).DownloadContentAsync()).Value.Content.ToArray());
        Assert.Single(await AuditAsync("case-care"), r => r.Kind == AuditKinds.DocumentDisposed);
        Assert.Single(await AuditAsync("case-crime"), r => r.Kind == AuditKinds.DocumentDisposed);
    }

    [Fact]
    public async Task DisposeAsync_Twice_SecondWritesNothing()
    {
        await CleanCaseAsync("case-d4", 1);
        await Disposals.DisposeAsync(new DisposalRequest("case-d4", "doc-001", "withdrawn", "clerk-1"));
        var records = (await AuditAsync("case-d4")).Count;

        var again = await Disposals.DisposeAsync(new DisposalRequest("case-d4", "doc-001", "withdrawn", "clerk-1"));

        Assert.Equal(DisposalOutcome.AlreadyDisposed, again.Outcome);
        Assert.Equal(records, (await AuditAsync("case-d4")).Count);
    }

    [Fact]
    public async Task DisposeAsync_UnknownDocument_NotFound()
    {
        await CleanCaseAsync("case-d5", 1);

        Assert.Equal(DisposalOutcome.NotFound, (await Disposals.DisposeAsync(new DisposalRequest("case-d5", "doc-404", "x", "y"))).Outcome);
    }

    [Fact]
    public async Task DisposeAsync_TenYearsPass_NothingExpiresByTimeAlone()
    {
        await CleanCaseAsync("case-d6", 2);
        await Disposals.DisposeAsync(new DisposalRequest("case-d6", "doc-001", "withdrawn", "clerk-1"));
        var manifest = (await Get<ReceiptService>().GetManifestAsync("case-d6"))!;

        Time.Advance(TimeSpan.FromDays(3653));
        await Get<IntakeSweeper>().SweepAsync(TimeSpan.Zero);
        var report = await ReconcileAsync();

        Assert.DoesNotContain(report.Anomalies, a => a.Kind is AnomalyKinds.Missing or AnomalyKinds.Untracked or AnomalyKinds.Changed);
        var later = (await Get<ReceiptService>().GetManifestAsync("case-d6"))!;
        Assert.Equal(manifest.Tree, later.Tree);
        Assert.Equal(["doc-002"], later.Documents.Select(d => d.DocumentId));
        Assert.Equal([DocumentStates.Disposed, DocumentStates.Verified], (await DocumentsAsync("case-d6")).Select(d => d.State));
        Assert.Equal(2, (await ListAsync(Storage.Evidence, "case-d6/")).Count);
    }
}
