using System.Security.Cryptography;
using Pipeline.Ingest;
using Pipeline.Tests.Infrastructure;
using Pipeline.Validation;

namespace Pipeline.Tests.Ingest;

/// <summary>Text an uploader controls cannot grow a rejection past what storage accepts, so the rejection is always recorded.</summary>
public sealed class IngestHostileTextTests : AzuriteTestBase
{
    [Fact]
    public async Task IngestAsync_HugeUploaderAndDeclaredType_RejectionRecordedWithBoundedText()
    {
        var bytes = "plain words"u8.ToArray();
        var hugeUploader = new string('u', 6000);
        var hugeType = "application/" + new string('t', 1500);
        var intake = await UploadRawAsync(
            "T1/up-1/note.txt",
            bytes,
            hugeType,
            new Dictionary<string, string> { ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes)), ["uploadedby"] = hugeUploader });

        var result = await Get<IngestService>().IngestAsync(intake);

        Assert.Equal(IngestOutcome.Rejected, result.Outcome);
        Assert.All(result.Reasons!, r => Assert.True(r.Detail.Length <= RejectionReason.MaxDetailLength, r.Detail));
        var row = Assert.Single(await DocumentsAsync("T1"));
        Assert.True(row.UploadedBy.Length < hugeUploader.Length);
        Assert.StartsWith("uuuu", row.UploadedBy, StringComparison.Ordinal);
        Assert.NotNull(row.QuarantineBlob);
        Assert.True((await Storage.Quarantine.GetBlobClient(row.QuarantineBlob).ExistsAsync()).Value);
        Assert.Single(await AuditAsync("T1"));
    }
}
