using System.Security.Cryptography;
using System.Text;
using Pipeline.Audit;
using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Intake;
using Pipeline.Integrity;
using Pipeline.Tests.Infrastructure;
using Pipeline.Content;
using Pipeline.Storage;

namespace Pipeline.Tests.Ingest;

public sealed class IngestServiceTests : AzuriteTestBase
{
    private IngestService Ingest => Get<IngestService>();

    [Fact]
    public async Task IngestAsync_ValidUpload_StoresIndexesAuditsQueuesThenMarksIntake()
    {
        var bytes = Encoding.UTF8.GetBytes("Witness statement of A. Person, signed 3 March.");
        var intake = await UploadAsync("FD24P00123", "up-0001", "statement.txt", bytes);

        var result = await Ingest.IngestAsync(intake);

        Assert.Equal(IngestOutcome.Accepted, result.Outcome);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Assert.Equal(sha, result.Sha256);
        var row = Assert.Single(await DocumentsAsync("FD24P00123"));
        Assert.Equal("up-0001", row.DocumentId);
        Assert.Equal(sha, row.Sha256);
        Assert.Equal(bytes.Length, row.Length);
        Assert.Equal("text/plain", row.ContentType);
        Assert.Equal("statement.txt", row.FileName);
        Assert.Equal(DocumentStates.Stored, row.State);
        Assert.Equal("portal-test@example.court", row.UploadedBy);
        Assert.Equal("FD24P00123/up-0001/statement.txt", row.EvidenceBlob);
        Assert.Null(row.LastVerifiedAt);
        Assert.Equal(1, await QueueLengthAsync());

        var stored = await Storage.Evidence.GetBlobClient(row.EvidenceBlob).DownloadContentAsync();
        Assert.Equal(bytes, stored.Value.Content.ToArray());
        Assert.Equal(sha, stored.Value.Details.Metadata["sha256"]);
        Assert.Equal(Convert.ToBase64String(MD5.HashData(bytes)), Convert.ToBase64String(stored.Value.Details.ContentHash));

        var audit = Assert.Single(await AuditAsync("FD24P00123"));
        Assert.Equal(AuditKinds.DocumentIngested, audit.Kind);
        Assert.Equal("up-0001", audit.DocumentId);
        Assert.Equal(sha, audit.Sha256);
        Assert.Equal(1, await QueueLengthAsync());

        var tags = (await Storage.Intake.GetBlobClient(intake).GetTagsAsync()).Value.Tags;
        Assert.Equal(IntakeMarks.Ingested, tags[IntakeMarks.StateTag]);
        Assert.True(await Storage.Intake.GetBlobClient(intake).ExistsAsync(), "intake is never deleted by ingest");
    }

    [Fact]
    public async Task IngestAsync_DigestMismatch_QuarantinedWithReasonAndNothingInEvidence()
    {
        var bytes = Encoding.UTF8.GetBytes("tampered in transit");
        var intake = await UploadRawAsync(
            "C1/up-1/note.txt",
            bytes,
            "text/plain",
            new Dictionary<string, string> { ["sha256"] = new string('a', 64), ["uploadedby"] = "portal" });

        var result = await Ingest.IngestAsync(intake);

        Assert.Equal(IngestOutcome.Rejected, result.Outcome);
        var reason = Assert.Single(result.Reasons!);
        Assert.Equal("digest-mismatch", reason.Code);
        Assert.Empty(await ListAsync(Storage.Evidence));
        var quarantined = Assert.Single(await ListAsync(Storage.Quarantine));
        Assert.Equal(result.QuarantineBlob, quarantined);
        var properties = await Storage.Quarantine.GetBlobClient(quarantined).GetPropertiesAsync();
        Assert.Equal("digest-mismatch", properties.Value.Metadata["reasons"]);
        var row = Assert.Single(await DocumentsAsync("C1"));
        Assert.Equal(DocumentStates.Rejected, row.State);
        Assert.Contains("digest-mismatch", row.Reasons, StringComparison.Ordinal);
        Assert.Equal(AuditKinds.UploadRejected, Assert.Single(await AuditAsync("C1")).Kind);
        Assert.Equal(0, await QueueLengthAsync());
        Assert.True(await Storage.Intake.GetBlobClient(intake).ExistsAsync());
    }

    [Fact]
    public async Task IngestAsync_SameTriggerDeliveredTwice_SecondChangesNothing()
    {
        var intake = await UploadTextAsync("C2", "up-1", "first delivery");
        await Ingest.IngestAsync(intake);

        var again = await Ingest.IngestAsync(intake);

        Assert.Equal(IngestOutcome.AlreadyProcessed, again.Outcome);
        Assert.Single(await DocumentsAsync("C2"));
        Assert.Single(await AuditAsync("C2"));
        Assert.Single(await ListAsync(Storage.Evidence));
        Assert.Equal(1, await QueueLengthAsync());
    }

    [Fact]
    public async Task IngestAsync_ConcurrentTriggersForOneUpload_OneRowOneAuditRecord()
    {
        var intake = await UploadTextAsync("C3", "up-1", "delivered five times at once");

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Ingest.IngestAsync(intake)));

        Assert.Contains(results, r => r.Outcome == IngestOutcome.Accepted);
        Assert.All(results, r => Assert.Contains(r.Outcome, new[] { IngestOutcome.Accepted, IngestOutcome.Duplicate, IngestOutcome.AlreadyProcessed }));
        Assert.Single(await DocumentsAsync("C3"));
        Assert.Single(await AuditAsync("C3"));
        Assert.Single(await ListAsync(Storage.Evidence));
    }

    [Fact]
    public async Task IngestAsync_ConcurrentUploadsToOneCase_ChainStaysLinear()
    {
        var uploads = await Task.WhenAll(Enumerable.Range(1, 12).Select(i => UploadTextAsync("C4", $"up-{i:D2}", $"document {i}")));

        await Task.WhenAll(uploads.Select(u => Ingest.IngestAsync(u)));

        var audit = await AuditAsync("C4");
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), audit.Select(a => a.Sequence));
        var verifier = new AuditChainVerifier("C4");
        audit.ForEach(verifier.Add);
        verifier.Complete((await Storage.Documents.GetEntityAsync<CaseHead>("C4", DocumentRowKeys.CaseHead)).Value);
        Assert.Null(verifier.Break);
        Assert.Equal(12, (await DocumentsAsync("C4")).Count);
    }

    [Fact]
    public async Task IngestAsync_SameDocumentIdWithOtherBytes_ConflictRecordedAndBothKept()
    {
        var original = Encoding.UTF8.GetBytes("original medical record");
        var intake = await UploadAsync("C5", "up-1", "record.txt", original);
        await Ingest.IngestAsync(intake);
        var replacement = Encoding.UTF8.GetBytes("a later, different record under the same id");
        await UploadAsync("C5", "up-1", "record.txt", replacement);

        var result = await Ingest.IngestAsync(intake);

        Assert.Equal(IngestOutcome.Conflict, result.Outcome);
        Assert.Equal("document-conflict", Assert.Single(result.Reasons!).Code);
        var row = Assert.Single(await DocumentsAsync("C5"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(original)), row.Sha256);
        var evidence = await Storage.Evidence.GetBlobClient(row.EvidenceBlob).DownloadContentAsync();
        Assert.Equal(original, evidence.Value.Content.ToArray());
        var kept = await Storage.Quarantine.GetBlobClient(result.QuarantineBlob).DownloadContentAsync();
        Assert.Equal(replacement, kept.Value.Content.ToArray());
        Assert.Equal(
            new[] { AuditKinds.DocumentIngested, AuditKinds.UploadConflict },
            (await AuditAsync("C5")).Select(a => a.Kind));
    }

    [Fact]
    public async Task IngestAsync_ConflictReRunAfterLostMark_RecordsNothingTwice()
    {
        var intake = await UploadTextAsync("C6", "up-1", "first");
        await Ingest.IngestAsync(intake);
        await UploadTextAsync("C6", "up-1", "second, different");
        await Ingest.IngestAsync(intake);
        await ClearMarkAsync(intake);

        var again = await Ingest.IngestAsync(intake);

        Assert.Equal(IngestOutcome.Conflict, again.Outcome);
        Assert.Equal(2, (await AuditAsync("C6")).Count);
        Assert.Single(await ListAsync(Storage.Quarantine));
    }

    [Fact]
    public async Task IngestAsync_CrashAfterEvidenceWrite_ReRunCommitsOnceWithoutRewriting()
    {
        var intake = await UploadTextAsync("C7", "up-1", "written, then the worker died");
        // Step 3 alone, exactly as ingest does it, then the process "dies".
        await using (var spooled = await Get<UploadSpool>().SpoolAsync(Storage.Intake.GetBlobClient(intake), (await Storage.Intake.GetBlobClient(intake).GetPropertiesAsync()).Value.ETag))
        {
            await Get<Pipeline.EvidenceStore.EvidenceBlobStore>().StoreAsync(
                new Pipeline.Validation.IntakePath("C7", "up-1", "up-1.txt"), spooled, "text/plain", "portal", intake);
        }

        var etagBefore = (await Storage.Evidence.GetBlobClient("C7/up-1/up-1.txt").GetPropertiesAsync()).Value.ETag;

        var result = await Ingest.IngestAsync(intake);

        Assert.Equal(IngestOutcome.Accepted, result.Outcome);
        Assert.Equal(etagBefore, (await Storage.Evidence.GetBlobClient("C7/up-1/up-1.txt").GetPropertiesAsync()).Value.ETag);
        Assert.Single(await DocumentsAsync("C7"));
        Assert.Single(await AuditAsync("C7"));
        Assert.Equal(1, await QueueLengthAsync());
    }

    [Fact]
    public async Task IngestAsync_CrashAfterEnqueueBeforeMark_ReRunFinishesWithoutDoubles()
    {
        var intake = await UploadTextAsync("C8", "up-1", "queued, mark lost");
        await Ingest.IngestAsync(intake);
        await ClearMarkAsync(intake);

        var result = await Ingest.IngestAsync(intake);

        Assert.Equal(IngestOutcome.Duplicate, result.Outcome);
        Assert.Single(await DocumentsAsync("C8"));
        Assert.Single(await AuditAsync("C8"));
        // The re-run cannot tell the check was queued (no flag is written: one request fewer per document), so it
        // queues it again; the repeated check changes nothing.
        Assert.Equal(2, await QueueLengthAsync());
        await Get<StorageQueueCheckReceiver>().DrainAsync();
        Assert.Equal(new[] { AuditKinds.DocumentIngested, AuditKinds.DocumentVerified }, (await AuditAsync("C8")).Select(a => a.Kind));
        Assert.Equal(DocumentStates.Verified, Assert.Single(await DocumentsAsync("C8")).State);
        Assert.Equal(IntakeMarks.Ingested, (await Storage.Intake.GetBlobClient(intake).GetTagsAsync()).Value.Tags[IntakeMarks.StateTag]);
    }

    [Fact]
    public async Task IngestAsync_RejectionReRunAfterLostMark_OneRowOneAuditOneQuarantineBlob()
    {
        var intake = await UploadRawAsync("C9/up-1/x.txt", "abc"u8.ToArray(), "text/plain", new Dictionary<string, string> { ["sha256"] = new string('b', 64), ["uploadedby"] = "p" });
        await Ingest.IngestAsync(intake);
        await ClearMarkAsync(intake);

        var again = await Ingest.IngestAsync(intake);

        Assert.Equal(IngestOutcome.Rejected, again.Outcome);
        Assert.Single(await DocumentsAsync("C9"));
        Assert.Single(await AuditAsync("C9"));
        Assert.Single(await ListAsync(Storage.Quarantine));
    }

    [Fact]
    public async Task IngestAsync_UnroutableName_QuarantinedAndRecordedOutsideAnyCase()
    {
        var intake = await UploadRawAsync("no-case-folder.txt", "stray"u8.ToArray(), "text/plain", new Dictionary<string, string> { ["uploadedby"] = "p" });

        var result = await Ingest.IngestAsync(intake);

        Assert.Equal(IngestOutcome.Rejected, result.Outcome);
        Assert.Contains(result.Reasons!, r => r.Code == "invalid-path");
        Assert.StartsWith(DocumentRowKeys.UnroutablePartition + "/", result.QuarantineBlob, StringComparison.Ordinal);
        Assert.Empty(await ListAsync(Storage.Evidence));
        var rows = new List<DocumentRecord>();
        await foreach (var row in Storage.Documents.QueryAsync<DocumentRecord>(r => r.PartitionKey == DocumentRowKeys.UnroutablePartition))
        {
            rows.Add(row);
        }

        Assert.Equal(intake, Assert.Single(rows).IntakeBlob);
    }

    [Fact]
    public async Task IngestAsync_BlobGone_NotFoundAndNothingRecorded()
    {
        var result = await Ingest.IngestAsync("C10/up-1/never-uploaded.txt");

        Assert.Equal(IngestOutcome.NotFound, result.Outcome);
        Assert.Empty(await DocumentsAsync("C10"));
    }

    private async Task ClearMarkAsync(string intake) =>
        await Storage.Intake.GetBlobClient(intake).SetTagsAsync(new Dictionary<string, string>());
}
