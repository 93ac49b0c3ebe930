using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Azure.Functions.Worker.Http;
using Pipeline.Audit;
using Pipeline.Index;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Functions.Functions;
using Pipeline.Ingest;
using Pipeline.Portal;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Functions;

/// <summary>The portal API's HTTP functions invoked as the worker would, authenticated by Easy Auth principal headers.</summary>
public sealed class HttpFunctionTests : AzuriteTestBase
{
    private const string PortalObjectId = "11111111-2222-3333-4444-555555555555";
    private const string OtherObjectId = "99999999-2222-3333-4444-555555555555";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("WEBSITE_AUTH_ENABLED", "True"),
        new($"Pipeline:Portal:Grants:{PortalObjectId}", "H1"),
        new($"Pipeline:Portal:Grants:{OtherObjectId}", "H2"),
    ];

    [Fact]
    public async Task CreateUploadThenContent_EasyAuthPrincipal_UploadedIngestedAndServed()
    {
        var content = Encoding.UTF8.GetBytes("served through the function");
        var body = JsonSerializer.SerializeToUtf8Bytes(new { fileName = "f.txt", contentType = "text/plain", length = content.Length, sha256 = Convert.ToHexStringLower(SHA256.HashData(content)) });

        var created = await ActivatorUtilities.CreateInstance<CreateUploadFunction>(Services)
            .RunAsync(Request("POST", "/api/cases/H1/uploads", PortalObjectId, body), "H1");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var intent = JsonDocument.Parse(Body(created)).RootElement;
        var blob = new BlobClient(new Uri(intent.GetProperty("uploadUrl").GetString()!));
        await blob.UploadAsync(new BinaryData(content), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "text/plain" },
            Metadata = new Dictionary<string, string> { ["sha256"] = intent.GetProperty("sha256").GetString()!, ["uploadedby"] = "portal@court.example" },
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        });
        var ingested = await Get<IngestService>().IngestAsync(intent.GetProperty("blobName").GetString()!);
        Assert.Equal(IngestOutcome.Accepted, ingested.Outcome);

        var (served, lifetime) = ContentRequest($"/api/cases/H1/documents/{ingested.DocumentId}/content", PortalObjectId);
        await ActivatorUtilities.CreateInstance<GetDocumentContentFunction>(Services).RunAsync(served.Request, "H1", ingested.DocumentId!);

        Assert.Equal(StatusCodes.Status200OK, served.Response.StatusCode);
        Assert.Equal(content.Length, served.Response.ContentLength);
        Assert.StartsWith("sha-256=:", served.Response.Headers["Repr-Digest"].ToString(), StringComparison.Ordinal);
        Assert.Equal(content, ((MemoryStream)served.Response.Body).ToArray());
        Assert.False(lifetime.Aborted);
    }

    [Fact]
    public async Task GetDocumentContent_BytesNoLongerWhatTheChainAccepted_StreamCutShortConnectionAbortedFindingRecorded()
    {
        var original = string.Concat(Enumerable.Repeat("exhibit line A\n", 30_000));
        await Get<IngestService>().IngestAsync(await UploadTextAsync("H1", "doc-1", original));
        // One byte changed, and the row rewritten to match (ETag too): only the audit chain disagrees. The document is
        // larger than the held-back tail, so most of it streams before the digest can be known to differ.
        var forged = Encoding.UTF8.GetBytes(original[..^2] + "B\n");
        await Pipeline.Tests.Reconciliation.Forgery.ReplaceConsistentlyAsync(Storage, Assert.Single(await DocumentsAsync("H1")), forged);
        var (served, lifetime) = ContentRequest("/api/cases/H1/documents/doc-1/content", PortalObjectId);

        await ActivatorUtilities.CreateInstance<GetDocumentContentFunction>(Services).RunAsync(served.Request, "H1", "doc-1");

        Assert.True(lifetime.Aborted, "the connection must be aborted, so the client never holds a complete copy");
        Assert.InRange(((MemoryStream)served.Response.Body).Length, 1, forged.Length - 1);
        Assert.Equal(DocumentStates.Corrupt, Assert.Single(await DocumentsAsync("H1")).State);
        Assert.Contains(await AuditAsync("H1"), r => r.Kind == AuditKinds.DocumentCorrupt && r.DocumentId == "doc-1");
    }

    [Fact]
    public async Task GetDocumentContent_PrincipalGrantedAnotherCase_ForbiddenAndNoBytes()
    {
        await Get<IngestService>().IngestAsync(await UploadTextAsync("H1", "doc-1", "case H1 only"));
        var (served, _) = ContentRequest("/api/cases/H1/documents/doc-1/content", OtherObjectId);

        await ActivatorUtilities.CreateInstance<GetDocumentContentFunction>(Services).RunAsync(served.Request, "H1", "doc-1");

        Assert.Equal(StatusCodes.Status403Forbidden, served.Response.StatusCode);
        Assert.Contains("case-not-granted", Encoding.UTF8.GetString(((MemoryStream)served.Response.Body).ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListDocuments_PrincipalGrantedAnotherCase_Forbidden()
    {
        var response = await ActivatorUtilities.CreateInstance<ListDocumentsFunction>(Services)
            .RunAsync(Request("GET", "/api/cases/H1/documents", OtherObjectId), "H1");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("case-not-granted", Body(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetDocument_NoPrincipalHeader_Unauthenticated()
    {
        var response = await ActivatorUtilities.CreateInstance<GetDocumentFunction>(Services)
            .RunAsync(Request("GET", "/api/cases/H1/documents/d1", objectId: null), "H1", "d1");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    internal static string Principal(string objectId, string name) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new
        {
            auth_typ = "aad",
            name_typ = "preferred_username",
            role_typ = "roles",
            claims = new[]
            {
                new { typ = "http://schemas.microsoft.com/identity/claims/objectidentifier", val = objectId },
                new { typ = "preferred_username", val = name },
            },
        }));

    private FakeHttpRequestData Request(string method, string path, string? objectId, byte[]? body = null)
    {
        var request = new FakeHttpRequestData(method, new Uri("https://pipeline.example" + path), new MemoryStream(body ?? []), Services);
        if (objectId is not null)
        {
            request.Headers.Add(PortalAuthenticator.PrincipalHeader, Principal(objectId, "portal@court.example"));
        }

        return request;
    }

    /// <summary>A request as the worker's ASP.NET Core integration hands it over, with a lifetime feature that records an abort.</summary>
    private (DefaultHttpContext Context, AbortRecorder Lifetime) ContentRequest(string path, string objectId)
    {
        var lifetime = new AbortRecorder();
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Features.Set<IHttpRequestLifetimeFeature>(lifetime);
        context.Request.Method = "GET";
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("pipeline.example");
        context.Request.Path = path;
        context.Request.Headers[PortalAuthenticator.PrincipalHeader] = Principal(objectId, "portal@court.example");
        context.Response.Body = new MemoryStream();
        return (context, lifetime);
    }

    private static string Body(HttpResponseData response) => Encoding.UTF8.GetString(((MemoryStream)response.Body).ToArray());

    private sealed class AbortRecorder : IHttpRequestLifetimeFeature
    {
        public CancellationToken RequestAborted { get; set; }

        public bool Aborted { get; private set; }

        public void Abort() => Aborted = true;
    }
}
