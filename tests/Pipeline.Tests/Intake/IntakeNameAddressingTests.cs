using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Audit;
using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Intake;
using Pipeline.Local;
using Pipeline.Storage;
using Pipeline.Tests.Infrastructure;
using Pipeline.Tests.TestFiles;
using Pipeline.Validation;

namespace Pipeline.Tests.Intake;

/// <summary>
/// Names the storage service accepts but a URI-based client may address differently (a trailing slash the SDK trims,
/// '.'/'..' segments System.Uri collapses, a backslash the emulator stores as '/'): each must end in evidence or
/// quarantine, never be spun on, and never make the pipeline read or mark another upload.
/// </summary>
public sealed class IntakeNameAddressingTests : AzuriteTestBase
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(90);

    /// <summary>A portal's client that sends names as written (no slash trimming), as other SDKs and raw REST calls do.</summary>
    private BlobContainerClient PortalIntake => new("UseDevelopmentStorage=true", Storage.Intake.Name, new BlobClientOptions { TrimBlobNameSlashes = false });

    public static TheoryData<string, string> HostileNames => new()
    {
        { "N1/up-1/", ReasonCodes.InvalidPath },
        { "N1/up-2//", ReasonCodes.InvalidPath },
        { "/N1/up-3/note.txt", ReasonCodes.InvalidPath },
        { "N1//note.txt", ReasonCodes.InvalidPath },
        { "N1/up-4/note.txt/", ReasonCodes.InvalidPath },
        { "N1/up-5/..\\..\\evil.txt", ReasonCodes.InvalidPath },
        { "N1/up-6/.\\note.txt", ReasonCodes.InvalidPath },
        { "N1/up-7/%2e%2e%2fnote.txt", ReasonCodes.InvalidPath },
        { "N1/up-8/note%20.txt", ReasonCodes.InvalidPath },
        { "N1/up-9/note.txt.", ReasonCodes.InvalidFileName },
        { "N1/up-10/a#b?c.txt", "" },
    };

    [Theory]
    [MemberData(nameof(HostileNames))]
    public async Task UntilIdleAsync_NameClientsMayNormalise_EndsQuarantinedOrRecordedAndReturns(string name, string expectedCode)
    {
        var bytes = SampleFiles.Text();
        await PortalIntake.GetBlobClient(name).UploadAsync(new MemoryStream(bytes), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = MediaTypes.PlainText },
            Metadata = Metadata(bytes),
        });
        var stored = Assert.Single(await ListAsync(Storage.Intake));

        using var timeout = new CancellationTokenSource(Guard);
        var results = new List<IngestResult>();
        await Runner().UntilIdleAsync(new Collect(results), timeout.Token).WaitAsync(Guard);

        var result = Assert.Single(results);
        Assert.Equal(stored, result.IntakeBlob);
        if (expectedCode.Length == 0)
        {
            Assert.Equal(IngestOutcome.Accepted, result.Outcome);
            return;
        }

        Assert.Equal(IngestOutcome.Rejected, result.Outcome);
        Assert.Contains(result.Reasons!, r => r.Code == expectedCode);
        Assert.Empty(await ListAsync(Storage.Evidence));

        // Handled for good: a second run finds nothing to do, and a sweep does not pick it up again.
        var again = new List<IngestResult>();
        await Runner().UntilIdleAsync(new Collect(again)).WaitAsync(Guard);
        Assert.Empty(again);
    }

    [Fact]
    public async Task UntilIdleAsync_DotSegmentsResolvingToAnotherUpload_OtherUploadIngestedUntouched()
    {
        // "N2/up-1/..\..\N3/up-9/real.txt" is stored as "N2/up-1/../../N3/up-9/real.txt", which a URI resolves to the
        // real upload "N3/up-9/real.txt": reading or tagging through it would reject (and mark) someone else's evidence.
        var real = await UploadTextAsync("N3", "up-9", "the real statement");
        var realName = real.Replace("up-9.txt", "real.txt", StringComparison.Ordinal);
        await Storage.Intake.GetBlobClient(real).DeleteAsync();
        await UploadRawAsync(realName, SampleFiles.Text(), MediaTypes.PlainText, Metadata(SampleFiles.Text()));
        var hostileBytes = "shadow"u8.ToArray();
        await PortalIntake.GetBlobClient("N2/up-1/..\\..\\N3/up-9/real.txt").UploadAsync(
            new MemoryStream(hostileBytes), new BlobUploadOptions { Metadata = Metadata(hostileBytes), HttpHeaders = new BlobHttpHeaders { ContentType = MediaTypes.PlainText } });

        var results = new List<IngestResult>();
        await Runner().UntilIdleAsync(new Collect(results)).WaitAsync(Guard);

        Assert.Equal(2, results.Count);
        var accepted = Assert.Single(results, r => r.Outcome == IngestOutcome.Accepted);
        Assert.Equal(realName, accepted.IntakeBlob);
        var rejected = Assert.Single(results, r => r.Outcome == IngestOutcome.Rejected);
        Assert.Equal("N2/up-1/../../N3/up-9/real.txt", rejected.IntakeBlob);
        Assert.Equal("N2", rejected.CaseId);
        Assert.Contains(rejected.Reasons!, r => r.Code == ReasonCodes.InvalidPath);
        Assert.Null(rejected.QuarantineBlob);
        var row = Assert.Single(await DocumentsAsync("N3"));
        Assert.Equal(SampleFiles.Text(), (await Storage.Evidence.GetBlobClient(row.EvidenceBlob).DownloadContentAsync()).Value.Content.ToArray());
        var audit = Assert.Single(await AuditAsync("N2"));
        Assert.Equal(AuditKinds.UploadRejected, audit.Kind);
    }

    [Theory]
    [InlineData("N4/up-1/..\\..\\evil.txt")]
    [InlineData("..\\N4\\evil.txt")]
    public async Task RunAsync_UnaddressableNameRecorded_NotStuckNothingReported(string name)
    {
        var bytes = SampleFiles.Text();
        await PortalIntake.GetBlobClient(name).UploadAsync(new MemoryStream(bytes), new BlobUploadOptions { Metadata = Metadata(bytes) });
        var results = new List<IngestResult>();
        await Runner().UntilIdleAsync(new Collect(results)).WaitAsync(Guard);
        Assert.Equal(IngestOutcome.Rejected, Assert.Single(results).Outcome);

        // Long after the stuck threshold: the recorded rejection stands in for the mark the blob cannot carry.
        Time.Advance(TimeSpan.FromHours(2));
        var report = await Get<Pipeline.Reconciliation.ReconciliationService>().RunAsync();

        Assert.Empty(report.Anomalies);
        Assert.Equal(1, report.IntakeBlobsScanned);
    }

    private LocalRunner Runner() => ActivatorUtilities.CreateInstance<LocalRunner>(Services);

    private static Dictionary<string, string> Metadata(byte[] bytes) => new()
    {
        ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes)),
        ["uploadedby"] = "portal-test@example.court",
    };

    private sealed class Collect(List<IngestResult> results) : IProgress<IngestResult>
    {
        public void Report(IngestResult value) => results.Add(value);
    }
}
