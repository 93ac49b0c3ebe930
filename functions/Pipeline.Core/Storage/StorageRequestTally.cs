using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Pipeline.Storage;

/// <summary>
/// Counts the storage requests the pipeline's clients send, by operation: service, method, what the request addresses
/// (account, container, blob, table, entity, batch, messages, message) and its <c>comp</c>/<c>restype</c> query, e.g.
/// <c>blob PUT blob ?comp=tags</c>. Attached per retry, so a retried request counts each time it is sent. For the
/// benchmark and for tests that hold the requests per document to a target; not wired into any host.
/// </summary>
public sealed class StorageRequestTally
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    /// <summary>Requests sent since the last <see cref="Reset"/>.</summary>
    public long Total => _counts.Values.Sum();

    /// <summary>The counts per operation, in operation order.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Snapshot() =>
        [.. _counts.Where(c => c.Value > 0).OrderBy(c => c.Key, StringComparer.Ordinal)];

    public void Reset() => _counts.Clear();

    /// <summary>Adds this tally to a blob, queue or table client's options (the <c>configure</c> of <c>AddPipelineStorageClients</c>).</summary>
    public void Attach(ClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var service = options switch
        {
            BlobClientOptions => "blob",
            QueueClientOptions => "queue",
            TableClientOptions => "table",
            _ => options.GetType().Name,
        };
        options.AddPolicy(new CountingPolicy(this, service), HttpPipelinePosition.PerRetry);
    }

    /// <summary>The operation a request performs, e.g. <c>table POST batch</c> or <c>queue DELETE message</c>.</summary>
    public static string OperationOf(string service, string method, Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
        // Azurite and other emulators address the account in the path (127.0.0.1:10000/devstoreaccount1/...).
        if (segments.Count > 0 && (uri.IsLoopback || System.Net.IPAddress.TryParse(uri.Host, out _)))
        {
            segments.RemoveAt(0);
        }

        var kind = service switch
        {
            "table" => segments.Count == 0 ? "account"
                : segments[0] == "$batch" ? "batch"
                : segments[0].StartsWith("Tables", StringComparison.Ordinal) ? "tables"
                : segments[0].Contains("(PartitionKey=", StringComparison.Ordinal) ? "entity"
                : "query",
            "queue" => segments.Count switch
            {
                0 => "account",
                1 => "queue",
                2 => "messages",
                _ => "message",
            },
            _ => segments.Count switch
            {
                0 => "account",
                1 => "container",
                _ => "blob",
            },
        };
        var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
        var detail = string.Concat(
            query["restype"] is { } restype ? $" ?restype={restype}" : "",
            query["comp"] is { } comp ? $" ?comp={comp}" : "");
        return $"{service} {method} {kind}{detail}";
    }

    private void Count(string operation) => _counts.AddOrUpdate(operation, 1, (_, count) => count + 1);

    private sealed class CountingPolicy(StorageRequestTally tally, string service) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message) =>
            tally.Count(OperationOf(service, message.Request.Method.ToString(), message.Request.Uri.ToUri()));
    }
}
