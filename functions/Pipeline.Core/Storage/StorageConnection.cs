using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace Pipeline.Storage;

/// <summary>
/// Builds storage clients from a Functions-style connection setting: either a connection string under
/// <c>{name}</c> (Azurite, <c>UseDevelopmentStorage=true</c>) or identity-based settings under
/// <c>{name}__blobServiceUri</c>, <c>__queueServiceUri</c>, <c>__tableServiceUri</c>, <c>__credential</c>, <c>__clientId</c>,
/// the same keys the Functions host reads for its triggers, so one setting serves both.
/// </summary>
public sealed class StorageConnection
{
    private readonly string? _connectionString;
    private readonly Uri? _blobUri;
    private readonly Uri? _queueUri;
    private readonly Uri? _tableUri;
    private readonly TokenCredential? _credential;

    private StorageConnection(string? connectionString, Uri? blobUri, Uri? queueUri, Uri? tableUri, TokenCredential? credential)
    {
        _connectionString = connectionString;
        _blobUri = blobUri;
        _queueUri = queueUri;
        _tableUri = tableUri;
        _credential = credential;
    }

    public static StorageConnection FromConnectionString(string connectionString) =>
        new(connectionString, null, null, null, null);

    public static StorageConnection FromConfiguration(IConfiguration configuration, string name)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration[name];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return FromConnectionString(connectionString);
        }

        var section = configuration.GetSection(name);
        var blob = section["blobServiceUri"] ?? section["serviceUri"];
        if (string.IsNullOrWhiteSpace(blob))
        {
            throw new InvalidOperationException(
                $"Storage connection '{name}' is not configured: set '{name}' to a connection string, or '{name}__blobServiceUri', '{name}__queueServiceUri' and '{name}__tableServiceUri' for an identity-based connection.");
        }

        var credential = string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(section["clientId"]))
            : (TokenCredential)new DefaultAzureCredential();
        return new StorageConnection(
            null,
            new Uri(blob),
            Optional(section["queueServiceUri"]),
            Optional(section["tableServiceUri"]),
            credential);
    }

    public BlobServiceClient CreateBlobServiceClient(BlobClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // A name is addressed as it was listed: the SDK's default trims leading and trailing '/', so an upload named
        // "case/upload/" would be read as "case/upload" (another blob, or none) and never handled (see BlobAddress).
        options.TrimBlobNameSlashes = false;
        return _connectionString is not null ? new BlobServiceClient(_connectionString, options) : new BlobServiceClient(_blobUri, _credential, options);
    }

    public QueueServiceClient CreateQueueServiceClient(QueueClientOptions options) =>
        _connectionString is not null ? new QueueServiceClient(_connectionString, options) : new QueueServiceClient(Required(_queueUri, "queueServiceUri"), _credential, options);

    public TableServiceClient CreateTableServiceClient(TableClientOptions options) =>
        _connectionString is not null ? new TableServiceClient(_connectionString, options) : new TableServiceClient(Required(_tableUri, "tableServiceUri"), _credential, options);

    private static Uri? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : new Uri(value);

    private static Uri Required(Uri? value, string key) =>
        value ?? throw new InvalidOperationException($"Identity-based storage connection lacks '{key}'.");
}
