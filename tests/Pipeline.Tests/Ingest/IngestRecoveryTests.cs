using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs.Models;
using Pipeline.Audit;
using Pipeline.EvidenceStore;
using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Intake;
using Pipeline.Tests.Infrastructure;
using Pipeline.Tests.TestFiles;
using Pipeline.Validation;
using Pipeline.Content;
using Pipeline.Storage;

namespace Pipeline.Tests.Ingest;

/// <summary>Re-runs, replacements and re-uses of a document id: each is recorded once, and nothing stored is lost.</summary>
public sealed class IngestRecoveryTests : AzuriteTestBase
{
    private IngestService Ingest => Get<IngestService>();

    [Fact]
    public async Task IngestAsync_UnreadRejectionReRunAfterLostMark_RecordedOnce()
    {
        var intake = await UploadAsync("Q1", "up-1", "empty.txt", [], "text/plain");
        Assert.Equal(IngestOutcome.Rejected, (await Ingest.IngestAsync(intake)).Outcome);
        await ClearMarkAsync(intake);

        var again = await Ingest.IngestAsync(intake);

        Assert.Equal(IngestOutcome.Rejected, again.Outcome);
        Assert.Single(await AuditAsync("Q1"));
        Assert.Single(await DocumentsAsync("Q1"));
        Assert.Single(await ListAsync(Storage.Quarantine));
    }

    [Fact]
    public async Task IngestAsync_IntakeReplacedAfterMarkWithTagsKept_NewVersionIngestedAsConflict()
    {
        var intake = await UploadTextAsync("Q2", "up-1", "version one");
        await Ingest.IngestAsync(intake);
        var oldTags = (await Storage.Intake.GetBlobClient(intake).GetTagsAsync()).Value.Tags;
        await UploadTextAsync("Q2", "up-1", "version two, replacing it");
        // Whether or not the service keeps tags across an overwrite, the mark names the old version's ETag.
        await Storage.Intake.GetBlobClient(intake).SetTagsAsync(oldTags);

        var result = await Ingest.IngestAsync(intake);

        Assert.Equal(IngestOutcome.Conflict, result.Outcome);
        Assert.Equal(new[] { AuditKinds.DocumentIngested, AuditKinds.UploadConflict }, (await AuditAsync("Q2")).Select(a => a.Kind));
        Assert.True(await IsMarkedAsync(intake));
    }

    [Fact]
    public async Task IngestAsync_StoredThenCrashedThenIntakeReplaced_OriginalAdoptedAndReplacementKept()
    {
        var original = Encoding.UTF8.GetBytes("the bytes first accepted");
        var intake = await UploadAsync("Q3", "up-1", "a.txt", original);
        var blob = Storage.Intake.GetBlobClient(intake);
        await using (var spooled = await Get<UploadSpool>().SpoolAsync(blob, (await blob.GetPropertiesAsync()).Value.ETag))
        {
            await Get<EvidenceBlobStore>().StoreAsync(new IntakePath("Q3", "up-1", "a.txt"), spooled, "text/plain", "portal-a", intake);
        }

        var replacement = Encoding.UTF8.GetBytes("different bytes the portal sent later");
        await UploadAsync("Q3", "up-1", "a.txt", replacement);

        var result = await Ingest.IngestAsync(intake);

        Assert.Equal(IngestOutcome.Conflict, result.Outcome);
        var row = Assert.Single(await DocumentsAsync("Q3"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(original)), row.Sha256);
        Assert.Equal("Q3/up-1/a.txt", row.EvidenceBlob);
        Assert.Equal("portal-a", row.UploadedBy);
        Assert.Equal(intake, row.IntakeBlob);
        Assert.Equal(1, await QueueLengthAsync());
        var audit = await AuditAsync("Q3");
        Assert.Equal(new[] { AuditKinds.DocumentIngested, AuditKinds.UploadConflict }, audit.Select(a => a.Kind));
        Assert.StartsWith("recovered:", audit[0].Detail, StringComparison.Ordinal);
        Assert.Equal(replacement, (await Storage.Quarantine.GetBlobClient(result.QuarantineBlob).DownloadContentAsync()).Value.Content.ToArray());
    }

    [Fact]
    public async Task IngestAsync_SameBytesUnderAnotherFileName_DuplicateRecordedOnceNothingStoredTwice()
    {
        var bytes = SampleFiles.Pdf();
        await Ingest.IngestAsync(await UploadAsync("Q4", "up-1", "order.pdf", bytes, "application/pdf"));
        var second = await UploadAsync("Q4", "up-1", "order-copy.pdf", bytes, "application/pdf");

        var result = await Ingest.IngestAsync(second);
        await ClearMarkAsync(second);
        var again = await Ingest.IngestAsync(second);

        Assert.Equal(IngestOutcome.Duplicate, result.Outcome);
        Assert.Equal(IngestOutcome.Duplicate, again.Outcome);
        Assert.Single(await ListAsync(Storage.Evidence));
        Assert.Empty(await ListAsync(Storage.Quarantine));
        Assert.Equal(new[] { AuditKinds.DocumentIngested, AuditKinds.UploadDuplicate }, (await AuditAsync("Q4")).Select(a => a.Kind));
        Assert.Equal(IntakeMarks.Duplicate, (await Storage.Intake.GetBlobClient(second).GetTagsAsync()).Value.Tags[IntakeMarks.StateTag]);
    }

    [Fact]
    public async Task IngestAsync_CorrectedUploadUnderRejectedId_ConflictNotOverwrite()
    {
        var bytes = Encoding.UTF8.GetBytes("statement");
        await UploadRawAsync("Q5/up-1/s.txt", bytes, "text/plain", new Dictionary<string, string> { ["sha256"] = new string('f', 64), ["uploadedby"] = "p" });
        Assert.Equal(IngestOutcome.Rejected, (await Ingest.IngestAsync("Q5/up-1/s.txt")).Outcome);
        var corrected = await UploadAsync("Q5", "up-1", "s2.txt", bytes);

        var result = await Ingest.IngestAsync(corrected);

        Assert.Equal(IngestOutcome.Conflict, result.Outcome);
        Assert.Contains("new upload id", Assert.Single(result.Reasons!).Detail, StringComparison.Ordinal);
        Assert.Equal(DocumentStates.Rejected, Assert.Single(await DocumentsAsync("Q5")).State);
        Assert.Empty(await ListAsync(Storage.Evidence));
    }

    [Fact]
    public async Task IngestAsync_CaseHeadDeleted_RefusesToForkTheChain()
    {
        await Ingest.IngestAsync(await UploadTextAsync("Q6", "up-1", "first"));
        await Storage.Documents.DeleteEntityAsync("Q6", DocumentRowKeys.CaseHead);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await Ingest.IngestAsync(await UploadTextAsync("Q6", "up-2", "second")));

        Assert.Contains("no head", error.Message, StringComparison.Ordinal);
        Assert.Single(await AuditAsync("Q6"));
        Assert.Null(await Get<DocumentIndex>().GetAsync("Q6", "up-2"));
    }

    [Fact]
    public async Task SweepAsync_OneUploadFails_OthersStillIngestedAndFailureReported()
    {
        await Ingest.IngestAsync(await UploadTextAsync("Q7", "up-1", "first"));
        await Storage.Documents.DeleteEntityAsync("Q7", DocumentRowKeys.CaseHead);
        var blocked = await UploadTextAsync("Q7", "up-2", "cannot be audited");
        var fine = await UploadTextAsync("Q8", "up-1", "another case");

        var results = await Get<IntakeSweeper>().SweepForResultsAsync(TimeSpan.Zero);

        Assert.Equal(IngestOutcome.Failed, results.Single(r => r.IntakeBlob == blocked).Outcome);
        Assert.Equal(IngestOutcome.Accepted, results.Single(r => r.IntakeBlob == fine).Outcome);
        Assert.False(await IsMarkedAsync(blocked));
    }

    private async Task ClearMarkAsync(string intake) =>
        await Storage.Intake.GetBlobClient(intake).SetTagsAsync(new Dictionary<string, string>());
}
