using System.Security.Cryptography;
using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Intake;
using Pipeline.Tests.Infrastructure;
using Pipeline.Tests.TestFiles;
using Pipeline.Validation;
using Pipeline.Storage;

namespace Pipeline.Tests.Ingest;

/// <summary>Every validation rule end to end: a hostile upload is quarantined with the right reason and nothing reaches evidence.</summary>
public sealed class IngestValidationTests : AzuriteTestBase
{
    // The parser-crash test waits for the crash, however loaded the machine (the default probe timeout is one minute).
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Pipeline:Validation:PdfProbeTimeout", "00:10:00")];

    public static IEnumerable<object[]> ValidCases => SampleFiles.ValidCases;

    public static IEnumerable<object[]> HostileCases => SampleFiles.HostileCases;

    [Theory]
    [MemberData(nameof(ValidCases))]
    public async Task IngestAsync_ValidFileOfEverySupportedType_Accepted(string name, byte[] bytes, string declaredType)
    {
        var intake = await UploadAsync("V1", "up-" + name, name + ".bin", bytes, declaredType);

        var result = await Get<IngestService>().IngestAsync(intake);

        Assert.True(result.Outcome == IngestOutcome.Accepted, $"{name}: {result.Outcome} {string.Join("; ", result.Reasons?.Select(r => r.Code + " " + r.Detail) ?? [])}");
        var row = Assert.Single(await DocumentsAsync("V1"));
        Assert.Equal(UploadValidator.NormaliseContentType(declaredType), row.ContentType);
        var stored = await Storage.Evidence.GetBlobClient(row.EvidenceBlob).DownloadContentAsync();
        Assert.Equal(bytes, stored.Value.Content.ToArray());
    }

    [Theory]
    [MemberData(nameof(HostileCases))]
    public async Task IngestAsync_HostileFile_QuarantinedWithReasonNothingInEvidence(string name, byte[] bytes, string declaredType, string expectedCode)
    {
        var intake = await UploadAsync("H1", "up-1", name + ".bin", bytes, declaredType);

        var result = await Get<IngestService>().IngestAsync(intake);

        await AssertQuarantinedAsync(result, intake, bytes, expectedCode, caseId: "H1");
    }

    [Theory]
    [InlineData("H2/up-1/note.txt", null, "portal", ReasonCodes.MissingMetadata)]
    [InlineData("H2/up-1/note.txt", "not-a-digest", "portal", ReasonCodes.InvalidMetadata)]
    [InlineData("H2/up-1/note.txt", "valid", null, ReasonCodes.MissingMetadata)]
    [InlineData("H2/up 1/note.txt", "valid", "portal", ReasonCodes.InvalidUploadId)]
    [InlineData("-H2/up-1/note.txt", "valid", "portal", ReasonCodes.InvalidCaseId)]
    [InlineData("H2/up-1/CON", "valid", "portal", ReasonCodes.InvalidFileName)]
    [InlineData("H2/up-1/sub/note.txt", "valid", "portal", ReasonCodes.InvalidPath)]
    [InlineData("H2/note.txt", "valid", "portal", ReasonCodes.InvalidPath)]
    public async Task IngestAsync_BadNameOrMetadata_QuarantinedWithReason(string blobName, string? sha256, string? uploadedBy, string expectedCode)
    {
        var bytes = SampleFiles.Text();
        var metadata = new Dictionary<string, string>();
        if (sha256 is not null)
        {
            metadata["sha256"] = sha256 == "valid" ? Convert.ToHexStringLower(SHA256.HashData(bytes)) : sha256;
        }

        if (uploadedBy is not null)
        {
            metadata["uploadedby"] = uploadedBy;
        }

        var intake = await UploadRawAsync(blobName, bytes, "text/plain", metadata);

        var result = await Get<IngestService>().IngestAsync(intake);

        await AssertQuarantinedAsync(result, intake, bytes, expectedCode, caseId: IntakePathParser.TryParse(blobName, out var path, out _) ? path.CaseId : null);
        if (path is null && IntakePathParser.TryGetCaseId(blobName, out var caseOnly))
        {
            // No document id to file it under, but its case's audit trail records it and where it is kept.
            Assert.Equal(caseOnly, result.CaseId);
            Assert.StartsWith($"{caseOnly}/~invalid/", result.QuarantineBlob, StringComparison.Ordinal);
            Assert.Empty(await DocumentsAsync(caseOnly));
            var audit = Assert.Single(await AuditAsync(caseOnly));
            Assert.Equal(Pipeline.Audit.AuditKinds.UploadRejected, audit.Kind);
            Assert.Contains(result.QuarantineBlob!, audit.Detail, StringComparison.Ordinal);
        }
        else if (path is null)
        {
            var unroutable = new List<DocumentRecord>();
            await foreach (var row in Storage.Documents.QueryAsync<DocumentRecord>(r => r.PartitionKey == DocumentRowKeys.UnroutablePartition))
            {
                unroutable.Add(row);
            }

            Assert.Equal(intake, Assert.Single(unroutable).IntakeBlob);
        }
    }

    [Fact]
    public async Task IngestAsync_NoContentType_UnsupportedType()
    {
        var bytes = SampleFiles.Pdf();
        var intake = await UploadRawAsync("H3/up-1/a.pdf", bytes, null, new Dictionary<string, string> { ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes)), ["uploadedby"] = "p" });

        var result = await Get<IngestService>().IngestAsync(intake);

        await AssertQuarantinedAsync(result, intake, bytes, ReasonCodes.UnsupportedType, caseId: "H3");
    }

    [Fact]
    public async Task IngestAsync_PdfThatCrashesTheParser_QuarantinedAsMalformedAndTheHostSurvives()
    {
        // PdfPig recurses once per page-tree level with no limit: in-process, this stack overflow killed the host.
        var bytes = PdfBytes.DeepPageTree(60_000);
        var intake = await UploadAsync("H4", "up-1", "deep.pdf", bytes, "application/pdf");

        var result = await Get<IngestService>().IngestAsync(intake);

        await AssertQuarantinedAsync(result, intake, bytes, ReasonCodes.Malformed, caseId: "H4");
        Assert.Contains(result.Reasons!, r => r.Detail.StartsWith("PDF: the parser crashed", StringComparison.Ordinal));
    }

    private async Task AssertQuarantinedAsync(IngestResult result, string intake, byte[] bytes, string expectedCode, string? caseId)
    {
        Assert.Equal(IngestOutcome.Rejected, result.Outcome);
        Assert.Contains(result.Reasons!, r => r.Code == expectedCode);
        Assert.Empty(await ListAsync(Storage.Evidence));
        var quarantined = Assert.Single(await ListAsync(Storage.Quarantine));
        var kept = await Storage.Quarantine.GetBlobClient(quarantined).DownloadContentAsync();
        Assert.Equal(bytes, kept.Value.Content.ToArray());
        Assert.Contains(expectedCode, kept.Value.Details.Metadata["reasons"].Split(','));
        if (caseId is not null)
        {
            var row = Assert.Single(await DocumentsAsync(caseId));
            Assert.Equal(DocumentStates.Rejected, row.State);
            Assert.Equal(quarantined, row.QuarantineBlob);
            Assert.Contains($"\"code\":\"{expectedCode}\"", row.Reasons, StringComparison.Ordinal);
        }

        Assert.True(await Storage.Intake.GetBlobClient(intake).ExistsAsync(), "a rejected upload is never deleted");
        Assert.Equal(IntakeMarks.Rejected, (await Storage.Intake.GetBlobClient(intake).GetTagsAsync()).Value.Tags[IntakeMarks.StateTag]);
        Assert.Equal(0, await QueueLengthAsync());
    }
}
