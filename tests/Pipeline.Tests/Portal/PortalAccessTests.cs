using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Pipeline.Ingest;

namespace Pipeline.Tests.Portal;

/// <summary>A caller reaches only the cases it is granted; a SAS reaches only the one blob it names, and only to create it.</summary>
public sealed class PortalAccessTests : PortalTestBase
{
    [Fact]
    public async Task Api_CallerNotGrantedTheCase_CannotUploadListOrRead()
    {
        var content = Encoding.UTF8.GetBytes("alice's evidence");
        var (_, intent) = await DeclareAsync(Alice, "A1", "evidence.txt", content);
        var documentId = intent.GetProperty("uploadId").GetString()!;
        await UploadWithSasAsync(intent, content);
        await Get<IngestService>().IngestAsync(intent.GetProperty("blobName").GetString()!);
        using var bob = Client(Bob);

        var upload = await bob.PostAsJsonAsync("/api/cases/A1/uploads", new { fileName = "x.txt", contentType = "text/plain", length = 1, sha256 = new string('0', 64) });
        var responses = new[]
        {
            upload,
            await bob.GetAsync("/api/cases/A1/documents"),
            await bob.GetAsync($"/api/cases/A1/documents/{documentId}"),
            await bob.GetAsync($"/api/cases/A1/documents/{documentId}/content"),
            await bob.GetAsync($"/api/cases/A1/uploads/{documentId}"),
            // A case that does not exist answers the same: nothing tells bob which cases exist.
            await bob.GetAsync("/api/cases/A2/documents"),
        };

        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("urn:evidence-pipeline:problem:case-not-granted", problem.GetProperty("type").GetString());
            Assert.DoesNotContain("evidence.txt", problem.ToString(), StringComparison.Ordinal);
        }

        Assert.Single(await DocumentsAsync("A1"));
    }

    [Fact]
    public async Task Api_GrantedByPrefix_CallerReachesMatchingCasesOnly()
    {
        using var alice = Client(Alice);

        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/cases/FAM-2024-17/documents")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync("/api/cases/FAMILY/documents")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync("/api/cases/B1/documents")).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-configured-key")]
    public async Task Api_NoOrUnknownKey_Unauthenticated(string? key)
    {
        using var client = Client(key);

        var response = await client.GetAsync("/api/cases/A1/documents");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("urn:evidence-pipeline:problem:unauthenticated", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Api_MalformedCaseId_InvalidRequest()
    {
        using var alice = Client(Alice);

        var response = await alice.GetAsync("/api/cases/A1%2F..%2FB1/documents");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task UploadSas_AnythingButCreatingItsOwnBlob_Refused()
    {
        var content = Encoding.UTF8.GetBytes("the declared bytes");
        var (_, intent) = await DeclareAsync(Alice, "A1", "evidence.txt", content);
        var sasUrl = new Uri(intent.GetProperty("uploadUrl").GetString()!);
        await UploadRawAsync("A1/other-upload/existing.txt", Encoding.UTF8.GetBytes("someone else's upload"), "text/plain", new Dictionary<string, string>());
        var sas = sasUrl.Query;
        var container = Storage.Intake;

        // Another name in the same case, another case, and an existing blob: the SAS signs one name only.
        foreach (var name in new[] { "A1/" + intent.GetProperty("uploadId").GetString() + "/renamed.txt", "B1/u1/evidence.txt", "A1/other-upload/existing.txt" })
        {
            var other = new BlobClient(new Uri($"{container.Uri}/{name}{sas}"));
            var refused = await Assert.ThrowsAsync<RequestFailedException>(() => other.UploadAsync(new BinaryData(content), overwrite: true));
            Assert.Equal(403, refused.Status);
        }

        var listing = new BlobContainerClient(new Uri($"{container.Uri}{sas}"));
        Assert.Equal(403, (await Assert.ThrowsAsync<RequestFailedException>(async () => await listing.GetBlobsAsync().ToListAsync())).Status);

        await UploadWithSasAsync(intent, content);
        var own = new BlobClient(sasUrl);
        Assert.Equal(403, (await Assert.ThrowsAsync<RequestFailedException>(() => own.DownloadContentAsync())).Status);
        Assert.Equal(403, (await Assert.ThrowsAsync<RequestFailedException>(() => own.DeleteAsync())).Status);
        Assert.Equal(403, (await Assert.ThrowsAsync<RequestFailedException>(() => own.SetMetadataAsync(new Dictionary<string, string> { ["sha256"] = "0" }))).Status);
        var overwrite = await Assert.ThrowsAsync<RequestFailedException>(() => own.UploadAsync(new BinaryData(Encoding.UTF8.GetBytes("replaced")), overwrite: true));
        Assert.True(overwrite.Status is 403 or 409, $"overwrite answered {overwrite.Status}");

        var stored = await Storage.Intake.GetBlobClient(intent.GetProperty("blobName").GetString()!).DownloadContentAsync();
        Assert.Equal(content, stored.Value.Content.ToArray());
        Assert.Equal("someone else's upload", (await Storage.Intake.GetBlobClient("A1/other-upload/existing.txt").DownloadContentAsync()).Value.Content.ToString());
    }
}
