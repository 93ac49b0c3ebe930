using System.Net.Sockets;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Audit;
using Pipeline.Hosting;
using Pipeline.Index;
using Pipeline.Intake;
using Pipeline.Local;
using Pipeline.Storage;

namespace Pipeline.Tests.Infrastructure;

/// <summary>
/// Real SDK clients against Azurite (started by tests/run.sh or local/azurite.sh). Each test gets its own
/// containers, table and queue under a random prefix, deleted afterwards, so tests run in parallel without sharing state.
/// </summary>
public abstract class AzuriteTestBase : IAsyncLifetime
{
    private ServiceProvider? _services;

    protected string Prefix { get; } = "t" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Starts at the real clock (Azurite stamps blobs with it); tests advance it to age things.</summary>
    protected FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    protected IServiceProvider Services => _services ?? throw new InvalidOperationException("Not initialised.");

    protected PipelineStorage Storage => Services.GetRequiredService<PipelineStorage>();

    protected T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Registrations that replace the pipeline's own (they are added first; the pipeline only adds what is missing).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Extra configuration for a test class (e.g. reconciliation thresholds).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    public virtual async Task InitializeAsync()
    {
        await EnsureAzuriteAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [AppSettingNames.EvidenceStorageConnection] = Azurite.ConnectionString,
                ["Pipeline:Storage:IntakeContainer"] = Prefix + "-intake",
                ["Pipeline:Storage:EvidenceContainer"] = Prefix + "-evidence",
                ["Pipeline:Storage:QuarantineContainer"] = Prefix + "-quarantine",
                ["Pipeline:Storage:ReportsContainer"] = Prefix + "-reports",
                ["Pipeline:Storage:AnchorsContainer"] = Prefix + "-anchors",
                ["Pipeline:Storage:DocumentsTable"] = Prefix + "documents",
                ["Pipeline:Storage:IntegrityQueue"] = Prefix + "-checks",
                ["Pipeline:Storage:ReconciliationShardQueue"] = Prefix + "-shards",
            })
            .AddInMemoryCollection(Settings)
            .Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<TimeProvider>(Time)
            .AddSingleton<IConfiguration>(configuration);
        ConfigureServices(services);
        services.AddSingleton<PortalUploader>(); // the tests act as a portal; not a pipeline service
        services.AddPipelineServices(configuration);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await Storage.EnsureCreatedAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (_services is null)
        {
            return;
        }

        var storage = Storage;
        foreach (var container in new[] { storage.Intake, storage.Evidence, storage.Quarantine, storage.Reports, storage.Anchors })
        {
            await container.DeleteIfExistsAsync();
        }

        await storage.Documents.DeleteAsync();
        await storage.IntegrityQueue.DeleteIfExistsAsync();
        await storage.ShardQueue.DeleteIfExistsAsync();
        await _services.DisposeAsync();
    }

    protected Task<string> UploadAsync(string caseId, string uploadId, string fileName, byte[] content, string contentType = "text/plain", string uploadedBy = "portal-test@example.court") =>
        Get<PortalUploader>().UploadAsync(caseId, uploadId, fileName, new MemoryStream(content), contentType, uploadedBy);

    protected Task<string> UploadTextAsync(string caseId, string uploadId, string text) =>
        UploadAsync(caseId, uploadId, uploadId + ".txt", Encoding.UTF8.GetBytes(text));

    protected Task<string> UploadRawAsync(string blobName, byte[] content, string? contentType, IDictionary<string, string> metadata) =>
        Get<PortalUploader>().UploadRawAsync(blobName, new MemoryStream(content), contentType, metadata);

    protected static async Task<List<string>> ListAsync(Azure.Storage.Blobs.BlobContainerClient container, string? prefix = null)
    {
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    protected async Task<List<AuditRecord>> AuditAsync(string caseId)
    {
        var records = new List<AuditRecord>();
        await foreach (var record in Get<CaseLedger>().QueryRecordsAsync(caseId))
        {
            records.Add(record);
        }

        return records;
    }

    protected async Task<List<DocumentRecord>> DocumentsAsync(string caseId)
    {
        var rows = new List<DocumentRecord>();
        await foreach (var row in Get<DocumentIndex>().QueryCaseAsync(caseId))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>True when the intake blob's current version carries the pipeline's mark.</summary>
    protected async Task<bool> IsMarkedAsync(string intake)
    {
        var blob = Storage.Intake.GetBlobClient(intake);
        var etag = (await blob.GetPropertiesAsync()).Value.ETag;
        return IntakeMarks.IsProcessed((await blob.GetTagsAsync()).Value.Tags, etag);
    }

    protected async Task<int> QueueLengthAsync() =>
        (await Storage.IntegrityQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount;

    private static async Task EnsureAzuriteAsync()
    {
        var (blob, queue, table) = Azurite.Ports;
        foreach (var port in new[] { blob, queue, table })
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync("127.0.0.1", port);
            }
            catch (SocketException ex)
            {
                throw new InvalidOperationException(
                    $"Azurite is not listening on 127.0.0.1:{port}. Run the tests with tests/run.sh, or start it with local/azurite.sh start.", ex);
            }
        }
    }
}
