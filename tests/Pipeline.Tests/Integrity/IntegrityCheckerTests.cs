using System.Text;
using Azure.Storage.Blobs.Models;
using Pipeline.Audit;
using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Integrity;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Integrity;

public sealed class IntegrityCheckerTests : AzuriteTestBase
{
    private IntegrityChecker Checker => Get<IntegrityChecker>();

    [Fact]
    public async Task CheckAsync_IntactBlob_VerifiedOnceAuditedAndRepeatOnlyRefreshes()
    {
        var (row, request) = await IngestAsync("I1", "up-1", "intact");

        var first = await Checker.CheckAsync(request);
        Time.Advance(TimeSpan.FromHours(1));
        var second = await Checker.CheckAsync(request);

        Assert.Equal(DocumentStates.Verified, first.Outcome);
        Assert.True(first.StateChanged);
        Assert.Equal(DocumentStates.Verified, second.Outcome);
        Assert.False(second.StateChanged);
        var after = Assert.Single(await DocumentsAsync("I1"));
        Assert.Equal(DocumentStates.Verified, after.State);
        Assert.Equal(Time.GetUtcNow(), after.LastVerifiedAt);
        Assert.Equal(new[] { AuditKinds.DocumentIngested, AuditKinds.DocumentVerified }, (await AuditAsync("I1")).Select(a => a.Kind));
        Assert.Equal(row.Sha256, after.Sha256);
    }

    [Fact]
    public async Task CheckAsync_CorruptedBlob_CorruptAndAudited()
    {
        var (row, request) = await IngestAsync("I2", "up-1", "the original bytes");
        await Checker.CheckAsync(request);
        await OverwriteEvidenceAsync(row.EvidenceBlob!, "the original byteZ");

        var result = await Checker.CheckAsync(request);

        Assert.Equal(DocumentStates.Corrupt, result.Outcome);
        Assert.True(result.StateChanged);
        var after = Assert.Single(await DocumentsAsync("I2"));
        Assert.Equal(DocumentStates.Corrupt, after.State);
        Assert.Contains(row.Sha256, after.LastCheckDetail, StringComparison.Ordinal);
        var last = (await AuditAsync("I2"))[^1];
        Assert.Equal(AuditKinds.DocumentCorrupt, last.Kind);
        Assert.Equal("up-1", last.DocumentId);
    }

    [Fact]
    public async Task CheckAsync_DeletedBlob_MissingThenRestoredWhenBytesReturn()
    {
        var original = "bytes that will go missing and come back";
        var (row, request) = await IngestAsync("I3", "up-1", original);
        await Storage.Evidence.GetBlobClient(row.EvidenceBlob).DeleteAsync();

        var missing = await Checker.CheckAsync(request);
        await Storage.Evidence.GetBlobClient(row.EvidenceBlob).UploadAsync(BinaryData.FromString(original));
        var restored = await Checker.CheckAsync(request);

        Assert.Equal(DocumentStates.Missing, missing.Outcome);
        Assert.Equal(DocumentStates.Verified, restored.Outcome);
        Assert.Equal(
            new[] { AuditKinds.DocumentIngested, AuditKinds.DocumentMissing, AuditKinds.DocumentRestored },
            (await AuditAsync("I3")).Select(a => a.Kind));
    }

    [Fact]
    public async Task CheckAsync_RequestForOtherDigest_StaleAndNothingChanges()
    {
        var (_, request) = await IngestAsync("I4", "up-1", "pinned");

        var result = await Checker.CheckAsync(request with { Sha256 = new string('c', 64) });

        Assert.Equal(IntegrityCheckResult.Stale, result.Outcome);
        Assert.Equal(DocumentStates.Stored, Assert.Single(await DocumentsAsync("I4")).State);
        Assert.Single(await AuditAsync("I4"));
    }

    [Fact]
    public async Task DrainAsync_QueuedChecks_AllRunAndQueueEmpties()
    {
        for (var i = 1; i <= 3; i++)
        {
            await Get<IngestService>().IngestAsync(await UploadTextAsync("I5", $"up-{i}", $"document {i}"));
        }

        var handled = await Get<StorageQueueCheckReceiver>().DrainAsync();

        Assert.Equal(3, handled);
        Assert.All(await DocumentsAsync("I5"), d => Assert.Equal(DocumentStates.Verified, d.State));
        Assert.Equal(0, await QueueLengthAsync());
    }

    [Fact]
    public async Task DrainAsync_MalformedMessage_MovedToPoisonQueueNotLost()
    {
        await Storage.IntegrityQueue.SendMessageAsync("{\"not\":\"a request\"}");

        var handled = await Get<StorageQueueCheckReceiver>().DrainAsync();

        Assert.Equal(1, handled);
        Assert.Equal(0, await QueueLengthAsync());
        var moved = Assert.Single(await Get<StoragePoisonedChecks>().ListAsync());
        Assert.Equal("{\"not\":\"a request\"}", moved.Body);
        Assert.Equal(CheckDeadLetterReasons.MalformedMessage, moved.Reason);
    }

    private async Task<(DocumentRecord Row, IntegrityCheckRequest Request)> IngestAsync(string caseId, string uploadId, string text)
    {
        var result = await Get<IngestService>().IngestAsync(await UploadTextAsync(caseId, uploadId, text));
        Assert.Equal(IngestOutcome.Accepted, result.Outcome);
        var row = Assert.Single(await DocumentsAsync(caseId));
        return (row, new IntegrityCheckRequest(caseId, uploadId, row.Sha256));
    }

    private async Task OverwriteEvidenceAsync(string blobName, string text)
    {
        // Azurite has no WORM; in Azure this overwrite is refused. Here it stands for silent corruption.
        var blob = Storage.Evidence.GetBlobClient(blobName);
        var metadata = (await blob.GetPropertiesAsync()).Value.Metadata;
        await blob.UploadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), new BlobUploadOptions { Metadata = metadata });
    }
}
