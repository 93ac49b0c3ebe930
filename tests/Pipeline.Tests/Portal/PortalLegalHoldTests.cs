using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Pipeline.Audit;
using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Portal;

namespace Pipeline.Tests.Portal;

/// <summary>The legal hold and disposal endpoints on the local host: a hold set through the API blocks disposal through it.</summary>
public sealed class PortalLegalHoldTests : PortalTestBase
{
    private const string AliceName = "alice@portal.example";

    [Fact]
    public async Task Disposal_CaseHeldThroughApi_Conflict409AndNothingDisposed()
    {
        var documentId = await AcceptedAsync("A1", "held evidence");
        using var alice = Client(Alice);

        var set = await alice.PutAsJsonAsync("/api/cases/A1/hold", new { reason = "litigation pending" });
        var hold = await (await alice.GetAsync("/api/cases/A1/hold")).Content.ReadFromJsonAsync<JsonElement>();
        var refused = await alice.PostAsJsonAsync($"/api/cases/A1/documents/{documentId}/disposal", new { reason = "duplicate" });

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal("Set", (await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        Assert.True(hold.GetProperty("set").GetBoolean());
        Assert.Equal("litigation pending", hold.GetProperty("reason").GetString());
        Assert.Equal(AliceName, hold.GetProperty("actor").GetString());
        Assert.Equal(Time.GetUtcNow(), hold.GetProperty("since").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(PortalProblems.ContentType, refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("urn:evidence-pipeline:problem:legal-hold", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        var row = Assert.Single(await DocumentsAsync("A1"));
        Assert.Equal(DocumentStates.Stored, row.State);
        Assert.Null(row.DisposedAt);
        var audit = await AuditAsync("A1");
        Assert.Contains(audit, r => r.Kind == AuditKinds.LegalHoldSet && r.Detail.Contains(AliceName, StringComparison.Ordinal) && r.Detail.Contains("litigation pending", StringComparison.Ordinal));
        Assert.Contains(audit, r => r.Kind == AuditKinds.DisposalRefused && r.DocumentId == documentId && r.Detail.Contains(AliceName, StringComparison.Ordinal));
        Assert.DoesNotContain(audit, r => r.Kind == AuditKinds.DocumentDisposed);
    }

    [Fact]
    public async Task Disposal_HoldClearedThroughApi_DisposedAuditedAndBytesKept()
    {
        var documentId = await AcceptedAsync("A1", "evidence to be disposed of");
        using var alice = Client(Alice);
        Assert.Equal(HttpStatusCode.OK, (await alice.PutAsJsonAsync("/api/cases/A1/hold", new { reason = "litigation pending" })).StatusCode);

        var cleared = await alice.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/cases/A1/hold") { Content = JsonContent.Create(new { reason = "settled" }) });
        var hold = await (await alice.GetAsync("/api/cases/A1/hold")).Content.ReadFromJsonAsync<JsonElement>();
        var disposed = await alice.PostAsJsonAsync($"/api/cases/A1/documents/{documentId}/disposal", new { reason = "filed in the wrong case" });

        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Equal("Cleared", (await cleared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        Assert.False(hold.GetProperty("set").GetBoolean());
        Assert.Equal("settled", hold.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.OK, disposed.StatusCode);
        var answer = await disposed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Disposed", answer.GetProperty("outcome").GetString());
        var row = Assert.Single(await DocumentsAsync("A1"));
        Assert.Equal(DocumentStates.Disposed, row.State);
        Assert.Equal(AliceName, row.DisposedBy);
        Assert.Equal("filed in the wrong case", row.DisposalReason);
        var audit = await AuditAsync("A1");
        Assert.Contains(audit, r => r.Kind == AuditKinds.LegalHoldCleared && r.Detail.Contains("settled", StringComparison.Ordinal));
        var record = Assert.Single(audit, r => r.Kind == AuditKinds.DocumentDisposed);
        Assert.Equal(answer.GetProperty("auditSequence").GetInt64(), record.Sequence);
        Assert.Equal(documentId, record.DocumentId);
        Assert.Contains(AliceName, record.Detail, StringComparison.Ordinal);
        Assert.Contains("filed in the wrong case", record.Detail, StringComparison.Ordinal);
        var kept = await Storage.Evidence.GetBlobClient(row.EvidenceBlob).DownloadContentAsync();
        Assert.Equal("evidence to be disposed of", kept.Value.Content.ToString());
    }

    [Fact]
    public async Task HoldAndDisposal_CallerGrantedAnotherCase_ForbiddenAndNothingChanged()
    {
        var documentId = await AcceptedAsync("A1", "alice's evidence");
        using var bob = Client(Bob);

        var responses = new[]
        {
            await bob.GetAsync("/api/cases/A1/hold"),
            await bob.PutAsJsonAsync("/api/cases/A1/hold", new { reason = "bob's hold" }),
            await bob.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/cases/A1/hold")),
            await bob.PostAsJsonAsync($"/api/cases/A1/documents/{documentId}/disposal", new { reason = "bob's disposal" }),
        };

        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("urn:evidence-pipeline:problem:case-not-granted", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        }

        Assert.Equal(DocumentStates.Stored, Assert.Single(await DocumentsAsync("A1")).State);
        Assert.DoesNotContain(await AuditAsync("A1"), r => r.Kind is AuditKinds.LegalHoldSet or AuditKinds.LegalHoldCleared or AuditKinds.DocumentDisposed or AuditKinds.DisposalRefused);
    }

    [Theory]
    [InlineData("PUT", "/api/cases/A1/hold", "")]
    [InlineData("PUT", "/api/cases/A1/hold", "{\"reason\":\"  \"}")]
    [InlineData("PUT", "/api/cases/A1/hold", "{\"reason\":\"x\",\"until\":\"never\"}")]
    [InlineData("DELETE", "/api/cases/A1/hold", "{\"reason\":")]
    [InlineData("POST", "/api/cases/A1/documents/{documentId}/disposal", "")]
    [InlineData("POST", "/api/cases/A1/documents/{documentId}/disposal", "{\"reason\":42}")]
    public async Task HoldAndDisposal_BadBody_InvalidRequestProblemAndNothingRecorded(string method, string path, string body)
    {
        var documentId = await AcceptedAsync("A1", "evidence");
        using var alice = Client(Alice);

        var response = await alice.SendAsync(new HttpRequestMessage(new HttpMethod(method), path.Replace("{documentId}", documentId, StringComparison.Ordinal))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(PortalProblems.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("urn:evidence-pipeline:problem:invalid-request", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        Assert.Equal(DocumentStates.Stored, Assert.Single(await DocumentsAsync("A1")).State);
        Assert.DoesNotContain(await AuditAsync("A1"), r => r.Kind is AuditKinds.LegalHoldSet or AuditKinds.LegalHoldCleared or AuditKinds.DocumentDisposed or AuditKinds.DisposalRefused);
    }

    [Fact]
    public async Task HoldAndDisposal_UnknownCaseOrDocument_NotFound()
    {
        await AcceptedAsync("A1", "evidence");
        using var alice = Client(Alice);

        var unknownDocument = await alice.PostAsJsonAsync("/api/cases/A1/documents/no-such-document/disposal", new { reason = "r" });
        var unknownCase = await alice.PostAsJsonAsync("/api/cases/FAM-0/documents/d1/disposal", new { reason = "r" });
        var holdUnknownCase = await alice.PutAsJsonAsync("/api/cases/FAM-0/hold", new { reason = "r" });
        var readUnknownCase = await alice.GetAsync("/api/cases/FAM-0/hold");

        Assert.Equal(HttpStatusCode.NotFound, unknownDocument.StatusCode);
        Assert.Equal("urn:evidence-pipeline:problem:document-not-found", (await unknownDocument.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        foreach (var response in new[] { unknownCase, holdUnknownCase, readUnknownCase })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("urn:evidence-pipeline:problem:case-not-found", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        }
    }

    /// <summary>Declares, uploads with the SAS and ingests a document into <paramref name="caseId"/>; returns its id.</summary>
    private async Task<string> AcceptedAsync(string caseId, string text)
    {
        var content = Encoding.UTF8.GetBytes(text);
        var (_, intent) = await DeclareAsync(Alice, caseId, "evidence.txt", content);
        await UploadWithSasAsync(intent, content);
        await Get<IngestService>().IngestAsync(intent.GetProperty("blobName").GetString()!);
        return intent.GetProperty("uploadId").GetString()!;
    }
}
