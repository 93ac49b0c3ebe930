using System.Net;
using System.Text;
using System.Text.Json;
using Pipeline.Audit;
using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Intake;
using Pipeline.Validation;

namespace Pipeline.Tests.Portal;

/// <summary>Upload intents through the local host: declare, upload with the SAS, ingest; and what the ingest does when the bytes differ.</summary>
public sealed class PortalUploadTests : PortalTestBase
{
    [Fact]
    public async Task CreateUpload_UploadWithSasThenIngest_AcceptedAndIntentReceived()
    {
        var content = Encoding.UTF8.GetBytes("witness statement of J. Smith");
        var (response, intent) = await DeclareAsync(Alice, "A1", "statement.txt", content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Pending", intent.GetProperty("state").GetString());
        var uploadId = intent.GetProperty("uploadId").GetString()!;
        Assert.Equal($"A1/{uploadId}/statement.txt", intent.GetProperty("blobName").GetString());
        Assert.Equal($"/api/cases/A1/uploads/{uploadId}", response.Headers.Location?.OriginalString);

        await UploadWithSasAsync(intent, content);
        var result = await Get<IngestService>().IngestAsync($"A1/{uploadId}/statement.txt");

        Assert.Equal(IngestOutcome.Accepted, result.Outcome);
        var document = Assert.Single(await DocumentsAsync("A1"));
        Assert.Equal("alice@portal.example", document.UploadedBy);
        Assert.Contains(await AuditAsync("A1"), r => r.Kind == AuditKinds.UploadIntended && r.DocumentId == uploadId);
        using var client = Client(Alice);
        var status = JsonDocument.Parse(await client.GetStringAsync($"/api/cases/A1/uploads/{uploadId}")).RootElement;
        Assert.Equal(UploadIntentStatus.Received, status.GetProperty("state").GetString());
        Assert.Equal(content, await client.GetByteArrayAsync($"/api/cases/A1/documents/{uploadId}/content"));
    }

    [Fact]
    public async Task Ingest_BytesDifferFromIntent_RejectedWithIntentMismatch()
    {
        var declared = Encoding.UTF8.GetBytes("the statement as declared");
        var (_, intent) = await DeclareAsync(Alice, "A1", "statement.txt", declared);
        var uploadId = intent.GetProperty("uploadId").GetString()!;

        // Other bytes, with their own correct digest in metadata: only the intent can tell.
        var other = Encoding.UTF8.GetBytes("a different statement, longer than declared");
        var headers = new Dictionary<string, string>
        {
            ["sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(other)),
            ["uploadedby"] = "alice@portal.example",
        };
        await UploadRawAsync($"A1/{uploadId}/statement.txt", other, "text/plain", headers);
        var result = await Get<IngestService>().IngestAsync($"A1/{uploadId}/statement.txt");

        Assert.Equal(IngestOutcome.Rejected, result.Outcome);
        var reasons = result.Reasons!.Where(r => r.Code == ReasonCodes.IntentMismatch).Select(r => r.Detail).ToList();
        Assert.Contains(reasons, d => d.Contains("length", StringComparison.Ordinal));
        Assert.Contains(reasons, d => d.Contains("sha256", StringComparison.Ordinal));
        Assert.Equal(DocumentStates.Rejected, Assert.Single(await DocumentsAsync("A1")).State);
    }

    [Fact]
    public async Task Ingest_UploaderDiffersFromIntent_RejectedWithIntentMismatch()
    {
        var content = Encoding.UTF8.GetBytes("order of the court");
        var (_, intent) = await DeclareAsync(Alice, "A1", "order.txt", content);
        var uploadId = intent.GetProperty("uploadId").GetString()!;

        await UploadAsync("A1", uploadId, "order.txt", content, uploadedBy: "mallory@elsewhere.example");
        var result = await Get<IngestService>().IngestAsync($"A1/{uploadId}/order.txt");

        Assert.Equal(IngestOutcome.Rejected, result.Outcome);
        Assert.Contains(result.Reasons!, r => r.Code == ReasonCodes.IntentMismatch && r.Detail.Contains("uploader", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("../escape.txt", "text/plain", ReasonCodes.InvalidPath)]
    [InlineData("CON.txt", "text/plain", ReasonCodes.InvalidFileName)]
    [InlineData("statement.exe", "application/x-msdownload", ReasonCodes.UnsupportedType)]
    public async Task CreateUpload_InputTheIngestWouldReject_ProblemDetailsWithItsReasons(string fileName, string contentType, string code)
    {
        var (response, problem) = await DeclareAsync(Alice, "A1", fileName, [1, 2, 3], contentType);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("urn:evidence-pipeline:problem:invalid-request", problem.GetProperty("type").GetString());
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("code").GetString() == code);
        Assert.DoesNotContain(await AuditAsync("A1"), r => r.Kind == AuditKinds.UploadIntended);
    }

    [Fact]
    public async Task CreateUpload_ZeroLengthAndBadDigest_EveryReasonListed()
    {
        var (response, problem) = await DeclareAsync(Alice, "A1", "empty.txt", [], length: 0, sha256: "not-a-digest");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var codes = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString()).ToList();
        Assert.Contains(ReasonCodes.EmptyFile, codes);
        Assert.Contains(ReasonCodes.InvalidMetadata, codes);
    }

    [Fact]
    public async Task CreateUpload_UnknownField_ProblemDetails()
    {
        using var client = Client(Alice);
        var response = await client.PostAsync(
            "/api/cases/A1/uploads",
            new StringContent("""{"fileName":"a.txt","contentType":"text/plain","length":3,"sha256":"00","caseId":"B1"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("caseId", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
