using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Pipeline.Audit;
using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Integrity;
using Pipeline.Tests.Reconciliation;

namespace Pipeline.Tests.Portal;

/// <summary>Reading a case through the API: documents with their history, and content served only while it matches its pin.</summary>
public sealed class PortalDocumentTests : PortalTestBase
{
    [Fact]
    public async Task ListAndGet_AcceptedDocument_StateDigestAndVerificationHistory()
    {
        var documentId = await IngestAsync("A1", "position statement");
        await Get<StorageQueueCheckReceiver>().DrainAsync();
        using var alice = Client(Alice);

        var list = await alice.GetFromJsonAsync<JsonElement>("/api/cases/A1/documents");
        var one = await alice.GetFromJsonAsync<JsonElement>($"/api/cases/A1/documents/{documentId}");

        var listed = Assert.Single(list.GetProperty("documents").EnumerateArray());
        Assert.Equal(documentId, listed.GetProperty("documentId").GetString());
        Assert.Equal(DocumentStates.Verified, listed.GetProperty("state").GetString());
        Assert.Equal("Received", Assert.Single(list.GetProperty("uploads").EnumerateArray()).GetProperty("state").GetString());
        var document = one.GetProperty("document");
        Assert.Equal(64, document.GetProperty("sha256").GetString()!.Length);
        Assert.Equal(Encoding.UTF8.GetByteCount("position statement"), document.GetProperty("length").GetInt64());
        Assert.NotEqual(JsonValueKind.Null, document.GetProperty("lastVerifiedAt").ValueKind);
        var kinds = one.GetProperty("verificationHistory").EnumerateArray().Select(h => h.GetProperty("kind").GetString()).ToList();
        Assert.Equal([AuditKinds.UploadIntended, AuditKinds.DocumentIngested, AuditKinds.DocumentVerified], kinds);
    }

    [Fact]
    public async Task Get_UnknownDocument_NotFoundProblem()
    {
        using var alice = Client(Alice);

        var response = await alice.GetAsync("/api/cases/A1/documents/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("urn:evidence-pipeline:problem:document-not-found", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Content_BytesNoLongerWhatTheChainRecorded_ResponseAbortedAndFindingRecorded()
    {
        var documentId = await IngestAsync("A1", "the original exhibit");
        // An insider replaces the bytes and rewrites the row to match them (ETag too): only the audit chain disagrees.
        var forged = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("forged exhibit line\n", 20_000)));
        await Forgery.ReplaceConsistentlyAsync(Storage, Assert.Single(await DocumentsAsync("A1")), forged);
        using var alice = Client(Alice);

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => alice.GetByteArrayAsync($"/api/cases/A1/documents/{documentId}/content"));

        Assert.Equal(DocumentStates.Corrupt, Assert.Single(await DocumentsAsync("A1")).State);
        Assert.Contains(await AuditAsync("A1"), r => r.Kind == AuditKinds.DocumentCorrupt && r.DocumentId == documentId);
    }

    [Fact]
    public async Task Content_EvidenceBlobReplaced_ConflictProblemAndFindingRecorded()
    {
        var documentId = await IngestAsync("A1", "original bytes");
        var evidence = Storage.Evidence.GetBlobClient(Assert.Single(await DocumentsAsync("A1")).EvidenceBlob);
        await evidence.UploadAsync(new BinaryData("replaced bytes"), overwrite: true);
        using var alice = Client(Alice);

        var response = await alice.GetAsync($"/api/cases/A1/documents/{documentId}/content");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("urn:evidence-pipeline:problem:content-unavailable", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        Assert.Equal(DocumentStates.Corrupt, Assert.Single(await DocumentsAsync("A1")).State);
    }

    [Fact]
    public async Task Content_IntactDocument_PinnedBytesWithDigestHeader()
    {
        var documentId = await IngestAsync("A1", "intact bytes");
        using var alice = Client(Alice);

        var response = await alice.GetAsync($"/api/cases/A1/documents/{documentId}/content");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("intact bytes", await response.Content.ReadAsStringAsync());
        var sha = Convert.FromHexString(Assert.Single(await DocumentsAsync("A1")).Sha256);
        Assert.Equal($"sha-256=:{Convert.ToBase64String(sha)}:", response.Headers.GetValues("Repr-Digest").Single());
    }

    private async Task<string> IngestAsync(string caseId, string text)
    {
        var content = Encoding.UTF8.GetBytes(text);
        var (_, intent) = await DeclareAsync(Alice, caseId, "doc.txt", content);
        await UploadWithSasAsync(intent, content);
        var result = await Get<IngestService>().IngestAsync(intent.GetProperty("blobName").GetString()!);
        Assert.Equal(IngestOutcome.Accepted, result.Outcome);
        return result.DocumentId!;
    }
}
