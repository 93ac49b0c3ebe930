using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Pipeline.Audit;
using Pipeline.Ingest;
using Pipeline.Receipts;

namespace Pipeline.Tests.Portal;

/// <summary>Receipts, manifests and proofs through the portal API: what a party is given on acceptance and checks later, offline.</summary>
public sealed class PortalReceiptTests : PortalTestBase
{
    [Fact]
    public async Task Receipt_IntentUploadAccepted_ReceiptHoldsTheBytesAndItsProofsVerifyAfterTheCaseGrew()
    {
        var content = Encoding.UTF8.GetBytes("expert report, final version");
        var documentId = await DeclareUploadAndIngestAsync("A1", "report.txt", content);
        using var alice = Client(Alice);

        var receipt = await GetAsync<DocumentReceipt>(alice, $"/api/cases/A1/documents/{documentId}/receipt");
        await DeclareUploadAndIngestAsync("A1", "later.txt", "filed later"u8.ToArray());
        var proofs = await GetAsync<ReceiptProofs>(alice, $"/api/cases/A1/documents/{documentId}/proof");
        var manifest = await GetAsync<CaseManifest>(alice, "/api/cases/A1/manifest");

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), receipt.Sha256);
        Assert.Equal(content.Length, receipt.Length);
        Assert.Equal(1, receipt.Tree.Size);
        Assert.Equal(2, proofs.Tree.Size);
        Assert.Equal(receipt.Tree.Size, proofs.Consistency.FromSize);
        Assert.Empty(ReceiptVerifier.Verify(receipt, proofs.Tree, proofs.Inclusion, proofs.Consistency));
        Assert.Empty(manifest.Verify());
        Assert.Empty(ReceiptVerifier.Verify(receipt, manifest));
        // A receipt whose digest was altered no longer verifies against the same proofs.
        Assert.NotEmpty(ReceiptVerifier.Verify(receipt with { Sha256 = new string('a', 64) }, proofs.Tree, proofs.Inclusion, proofs.Consistency));
    }

    [Fact]
    public async Task Receipt_AuditRecordEdited_ChainBrokenProblemAndNothingIssued()
    {
        var documentId = await DeclareUploadAndIngestAsync("A1", "report.txt", "as accepted"u8.ToArray());
        var record = (await AuditAsync("A1")).Single(r => r.Kind == AuditKinds.DocumentIngested);
        record.Sha256 = new string('0', 64);
        await Storage.Documents.UpdateEntityAsync(record, Azure.ETag.All);
        using var alice = Client(Alice);

        foreach (var path in new[] { $"/api/cases/A1/documents/{documentId}/receipt", $"/api/cases/A1/documents/{documentId}/proof", "/api/cases/A1/manifest" })
        {
            var response = await alice.GetAsync(path);

            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal("urn:evidence-pipeline:problem:chain-broken", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        }
    }

    [Theory]
    [InlineData(Bob, "/api/cases/A1/documents/{0}/receipt", HttpStatusCode.Forbidden, "case-not-granted")]
    [InlineData(Bob, "/api/cases/A1/manifest", HttpStatusCode.Forbidden, "case-not-granted")]
    [InlineData(Bob, "/api/cases/A1/documents/{0}/proof", HttpStatusCode.Forbidden, "case-not-granted")]
    [InlineData(Alice, "/api/cases/A1/documents/never-accepted/receipt", HttpStatusCode.NotFound, "document-not-found")]
    [InlineData(Alice, "/api/cases/FAM-404/manifest", HttpStatusCode.NotFound, "case-not-found")]
    [InlineData(Alice, "/api/cases/A1/documents/{0}/proof?fromSize=0", HttpStatusCode.BadRequest, "invalid-request")]
    [InlineData(Alice, "/api/cases/A1/documents/{0}/proof?fromSize=9", HttpStatusCode.BadRequest, "invalid-request")]
    public async Task Receipt_NotGrantedUnknownOrBadSize_Problem(string key, string pathFormat, HttpStatusCode status, string problem)
    {
        var documentId = await DeclareUploadAndIngestAsync("A1", "report.txt", "as accepted"u8.ToArray());
        using var client = Client(key);

        var response = await client.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, pathFormat, documentId));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal($"urn:evidence-pipeline:problem:{problem}", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }

    private async Task<string> DeclareUploadAndIngestAsync(string caseId, string fileName, byte[] content)
    {
        var (_, intent) = await DeclareAsync(Alice, caseId, fileName, content);
        await UploadWithSasAsync(intent, content);
        var result = await Get<IngestService>().IngestAsync(intent.GetProperty("blobName").GetString()!);
        Assert.Equal(IngestOutcome.Accepted, result.Outcome);
        return result.DocumentId!;
    }

    private static async Task<T> GetAsync<T>(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<T>(ReceiptJson.Options))!;
    }
}
