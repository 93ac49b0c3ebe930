using System.Security.Cryptography;
using System.Text;
using Pipeline.EvidenceStore;
using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Integrity;
using Pipeline.Reconciliation;

namespace Pipeline.Tests.Reconciliation;

/// <summary>
/// Two files arrive for one upload id; one stores its bytes and crashes before its commit while the other commits.
/// Its re-run must record the blob it left, or that blob (immutable in Azure) would be untracked every night.
/// </summary>
public sealed class OrphanEvidenceRecoveryTests : ReconciliationTestBase
{
    [Theory]
    [InlineData("the same words", "the same words", IngestOutcome.Duplicate)]
    [InlineData("first words", "other words", IngestOutcome.Conflict)]
    public async Task IngestAsync_CrashedAfterStoringWhileOtherUploadCommitted_LeftBlobRecordedNotUntracked(string winnerText, string crashedText, IngestOutcome expected)
    {
        var winner = await UploadAsync("OR1", "up-1", "a.txt", Encoding.UTF8.GetBytes(winnerText));
        var crashed = await UploadAsync("OR1", "up-1", "b.txt", Encoding.UTF8.GetBytes(crashedText));
        // What the crashed ingest left: its evidence blob under its own file name, with no row and no mark.
        var crashedBytes = Encoding.UTF8.GetBytes(crashedText);
        await Storage.Evidence.GetBlobClient("OR1/up-1/b.txt").UploadAsync(
            new BinaryData(crashedBytes),
            new Azure.Storage.Blobs.Models.BlobUploadOptions
            {
                Metadata = new Dictionary<string, string>
                {
                    [EvidenceMetadata.Sha256] = Convert.ToHexStringLower(SHA256.HashData(crashedBytes)),
                    [EvidenceMetadata.CaseId] = "OR1",
                    [EvidenceMetadata.DocumentId] = "up-1",
                    [EvidenceMetadata.IntakeBlob] = EvidenceMetadata.Encode(crashed),
                },
            });
        Assert.Equal(IngestOutcome.Accepted, (await Get<IngestService>().IngestAsync(winner)).Outcome);

        var rerun = await Get<IngestService>().IngestAsync(crashed);
        Time.Advance(TimeSpan.FromMinutes(16));
        var report = await ReconcileAsync();

        Assert.Equal(expected, rerun.Outcome);
        var row = Assert.Single(await DocumentsAsync("OR1"));
        Assert.Equal("OR1/up-1/a.txt", row.EvidenceBlob);
        Assert.DoesNotContain(report.Anomalies, a => a.Kind == AnomalyKinds.Untracked);
        Assert.Equal(0, report.Counts[AnomalyKinds.Untracked]);
    }

    [Fact]
    public async Task IngestAsync_LeftBlobRecordedThenUploadReplaced_ClaimedOnceNoFalseMissing()
    {
        var winner = await UploadAsync("OR3", "up-1", "a.txt", Encoding.UTF8.GetBytes("first words"));
        var crashedBytes = Encoding.UTF8.GetBytes("other words");
        var crashed = await UploadAsync("OR3", "up-1", "b.txt", crashedBytes);
        await Storage.Evidence.GetBlobClient("OR3/up-1/b.txt").UploadAsync(
            new BinaryData(crashedBytes),
            new Azure.Storage.Blobs.Models.BlobUploadOptions
            {
                Metadata = new Dictionary<string, string>
                {
                    [EvidenceMetadata.Sha256] = Convert.ToHexStringLower(SHA256.HashData(crashedBytes)),
                    [EvidenceMetadata.IntakeBlob] = EvidenceMetadata.Encode(crashed),
                },
            });
        await Get<IngestService>().IngestAsync(winner);
        Assert.Equal(IngestOutcome.Conflict, (await Get<IngestService>().IngestAsync(crashed)).Outcome);

        // The portal replaces b.txt with yet other bytes: a new version, recorded again, but the left blob is not its.
        await UploadAsync("OR3", "up-1", "b.txt", Encoding.UTF8.GetBytes("third words"));
        Assert.Equal(IngestOutcome.Conflict, (await Get<IngestService>().IngestAsync(crashed)).Outcome);
        await Get<StorageQueueCheckReceiver>().DrainAsync();
        Time.Advance(TimeSpan.FromMinutes(16));
        var report = await ReconcileAsync();

        Assert.True(report.Clean, string.Join("; ", report.Anomalies.Select(a => $"{a.Kind} {a.Blob} {a.Detail}")));
    }

    [Fact]
    public async Task IngestAsync_BlobUnderOwnNameWrittenByAnotherUpload_NotClaimed()
    {
        var winner = await UploadAsync("OR2", "up-1", "a.txt", Encoding.UTF8.GetBytes("words"));
        var later = await UploadAsync("OR2", "up-1", "b.txt", Encoding.UTF8.GetBytes("words"));
        await Storage.Evidence.GetBlobClient("OR2/up-1/b.txt").UploadAsync(
            new BinaryData("planted"u8.ToArray()),
            new Azure.Storage.Blobs.Models.BlobUploadOptions
            {
                Metadata = new Dictionary<string, string> { [EvidenceMetadata.IntakeBlob] = EvidenceMetadata.Encode("OR2/up-9/b.txt") },
            });
        await Get<IngestService>().IngestAsync(winner);

        await Get<IngestService>().IngestAsync(later);
        Time.Advance(TimeSpan.FromMinutes(16));
        var report = await ReconcileAsync();

        // Not this upload's blob: it stays untracked, for a person to look at.
        Assert.Contains(report.Anomalies, a => a.Kind == AnomalyKinds.Untracked && a.Blob == "OR2/up-1/b.txt");
    }
}
