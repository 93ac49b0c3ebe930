using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Hosting;
using Pipeline.Local.Portal;
using Pipeline.Portal;
using Pipeline.Tests.Infrastructure;

namespace Pipeline.Tests.Portal;

/// <summary>
/// The local host (Kestrel on 127.0.0.1, a free port) over the test's Azurite prefix, with three dev keys:
/// <see cref="Alice"/> granted case A1 and every FAM-* case, <see cref="Bob"/> granted B1, <see cref="Operations"/> every case.
/// </summary>
public abstract class PortalTestBase : AzuriteTestBase
{
    protected const string Alice = "alice-key-0123456789";
    protected const string Bob = "bob-key-0123456789ab";
    protected const string Operations = "ops-key-0123456789ab";

    private WebApplication? _app;

    protected Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Pipeline:Portal:Authentication", "DevKey"),
        new("Pipeline:Portal:DevKeys:0:Name", "alice@portal.example"),
        new("Pipeline:Portal:DevKeys:0:Key", Alice),
        new("Pipeline:Portal:DevKeys:0:Cases", "A1, FAM-*"),
        new("Pipeline:Portal:DevKeys:1:Name", "bob@portal.example"),
        new("Pipeline:Portal:DevKeys:1:Key", Bob),
        new("Pipeline:Portal:DevKeys:1:Cases", "B1"),
        new("Pipeline:Portal:DevKeys:2:Name", "operations"),
        new("Pipeline:Portal:DevKeys:2:Key", Operations),
        new("Pipeline:Portal:DevKeys:2:Cases", "*"),
    ];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddConfiguration(Get<IConfiguration>());
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.Services.AddPipelineServices(builder.Configuration);
        _app = builder.Build();
        _app.MapPortal();
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.First());
    }

    public override async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    protected HttpClient Client(string? key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add(PortalAuthenticator.DevKeyHeader, key);
        }

        return client;
    }

    /// <summary>Declares an upload of <paramref name="content"/> and returns the API's answer as JSON.</summary>
    protected async Task<(HttpResponseMessage Response, JsonElement Body)> DeclareAsync(
        string key, string caseId, string fileName, byte[] content, string contentType = "text/plain", long? length = null, string? sha256 = null)
    {
        using var client = Client(key);
        var response = await client.PostAsJsonAsync(
            $"/api/cases/{caseId}/uploads",
            new { fileName, contentType, length = length ?? content.Length, sha256 = sha256 ?? Convert.ToHexStringLower(SHA256.HashData(content)) });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response, body);
    }

    /// <summary>Uploads as a portal given an intent: with the SAS URL and the headers the API said to send.</summary>
    protected static async Task UploadWithSasAsync(JsonElement intent, byte[] content, string? contentType = null)
    {
        var headers = intent.GetProperty("uploadHeaders");
        var metadata = new Dictionary<string, string>();
        foreach (var header in headers.EnumerateObject().Where(h => h.Name.StartsWith("x-ms-meta-", StringComparison.Ordinal)))
        {
            metadata[header.Name["x-ms-meta-".Length..]] = header.Value.GetString()!;
        }

        var blob = new BlobClient(new Uri(intent.GetProperty("uploadUrl").GetString()!));
        await blob.UploadAsync(
            new BinaryData(content),
            new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType ?? headers.GetProperty("Content-Type").GetString() },
                Metadata = metadata,
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            });
    }
}
