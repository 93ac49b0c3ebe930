using System.Text;
using Azure.Storage.Blobs.Models;
using Pipeline.Audit;
using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Integrity;
using Pipeline.Reconciliation;
using Pipeline.Tests.Reconciliation;
using Pipeline.Validation;

namespace Pipeline.Tests.Ingest;

/// <summary>A portal rewrites an upload's metadata or type after it was handled: the new version is recorded, never lost.</summary>
public sealed class IngestRewrittenVersionTests : ReconciliationTestBase
{
    [Fact]
    public async Task IngestAsync_AcceptedUploadRewrittenWithoutUploader_NewVersionRejectedAndAudited()
    {
        var intake = await UploadAsync("W1", "up-1", "note.txt", Encoding.UTF8.GetBytes("accepted words"));
        Assert.Equal(IngestOutcome.Accepted, (await Get<IngestService>().IngestAsync(intake)).Outcome);
        await Get<StorageQueueCheckReceiver>().DrainAsync();
        var blob = Storage.Intake.GetBlobClient(intake);
        var metadata = (await blob.GetPropertiesAsync()).Value.Metadata;
        metadata.Remove("uploadedby");
        await blob.SetMetadataAsync(metadata);

        var again = await Get<IngestService>().IngestAsync(intake);
        Time.Advance(TimeSpan.FromMinutes(16));
        var report = await ReconcileAsync();

        Assert.Equal(IngestOutcome.Rejected, again.Outcome);
        var row = Assert.Single(await DocumentsAsync("W1"));
        Assert.Equal(DocumentStates.Verified, row.State);
        Assert.Equal([AuditKinds.DocumentIngested, AuditKinds.DocumentVerified, AuditKinds.UploadRejected], (await AuditAsync("W1")).Select(r => r.Kind));
        Assert.True(report.Clean, string.Join("; ", report.Anomalies.Select(a => $"{a.Kind} {a.Blob} {a.Detail}")));
    }

    [Fact]
    public async Task IngestAsync_RejectedUploadCorrectedInPlace_RecordedAsConflictRejectionStands()
    {
        var intake = await UploadAsync("W2", "up-1", "note.txt", Encoding.UTF8.GetBytes("plain words, declared as a PDF"), "application/pdf");
        Assert.Equal(IngestOutcome.Rejected, (await Get<IngestService>().IngestAsync(intake)).Outcome);
        await Storage.Intake.GetBlobClient(intake).SetHttpHeadersAsync(new BlobHttpHeaders { ContentType = "text/plain" });

        var again = await Get<IngestService>().IngestAsync(intake);

        Assert.Equal(IngestOutcome.Conflict, again.Outcome);
        Assert.Contains(again.Reasons!, r => r.Code == ReasonCodes.DocumentConflict && r.Detail.Contains("new upload id", StringComparison.Ordinal));
        Assert.Equal(DocumentStates.Rejected, Assert.Single(await DocumentsAsync("W2")).State);
        Assert.Equal([AuditKinds.UploadRejected, AuditKinds.UploadConflict], (await AuditAsync("W2")).Select(r => r.Kind));
        Assert.Empty(await ListAsync(Storage.Evidence));
    }
}
