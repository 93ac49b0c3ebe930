using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Pipeline.Storage;

namespace Pipeline.Tests.Faults;

/// <summary>
/// Injects the transient failures a storage account produces into the pipeline's own blob, queue and table clients:
/// the first request and then every <see cref="Every"/>-th fails once, in turn as a 500 or 503 the service answered before doing anything,
/// a timeout before the request reached the service, and a 500 or a timeout after the service carried the request out
/// (the response was lost, so the SDK's retry repeats an operation that already happened).
/// <para>
/// It is attached <see cref="HttpPipelinePosition.PerRetry"/>, after the SDK's retry policy, so each attempt is judged
/// on its own and the retry policy sees the failure as the transport would have reported it. Attached per call, the
/// failure is produced outside the retry loop and reaches the caller unretried: a queue send "throws instead of being
/// retried". A synthesised failure also needs what the retry policy and the error parser read: <c>IsError</c> (which
/// only the transport policy sets, so a response made here must say it itself: a queue send whose synthesised 503 was
/// not marked was taken for a success, its body parsed as the result, and the send threw instead of being retried),
/// the status, the <c>x-ms-error-code</c> and <c>x-ms-request-id</c> headers, and a body in the service's error
/// format; the request's content is never read here, so a retry can always send it again.
/// </para>
/// </summary>
public sealed class TransientFaultPolicy
{
    private readonly ConcurrentDictionary<string, int> _injected = new(StringComparer.Ordinal);
    private long _requests;

    /// <summary>One request in this many fails (the retry that follows is a new request, so it is not failed again at once).</summary>
    public int Every { get; set; } = 5;

    /// <summary>The failures to cycle through; all of <see cref="TransientFaultModes.All"/> by default.</summary>
    public IReadOnlyList<string> Modes { get; set; } = TransientFaultModes.All;

    /// <summary>Only requests while this is true are counted and failed.</summary>
    public bool Enabled { get; set; }

    /// <summary>Faults injected so far, by mode (<see cref="TransientFaultModes"/>).</summary>
    public IReadOnlyDictionary<string, int> ByMode =>
        _injected.Where(p => !p.Key.Contains(' ', StringComparison.Ordinal)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    /// <summary>Faults injected so far into requests of <paramref name="operation"/> (as <see cref="StorageRequestTally.OperationOf"/> names it).</summary>
    public int InjectedInto(string operation) => _injected.GetValueOrDefault(operation);

    public int Total => ByMode.Values.Sum();

    /// <summary>Adds the policy to a blob, queue or table client's options, with retries short enough for a test.</summary>
    public void Attach(ClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Retry.MaxRetries = 4;
        options.Retry.Delay = TimeSpan.FromMilliseconds(20);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(200);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(100);
        options.AddPolicy(new Attached(this, ServiceOf(options)), HttpPipelinePosition.PerRetry);
    }

    private static string ServiceOf(ClientOptions options) => options switch
    {
        Azure.Storage.Blobs.BlobClientOptions => "blob",
        Azure.Storage.Queues.QueueClientOptions => "queue",
        Azure.Data.Tables.TableClientOptions => "table",
        _ => options.GetType().Name,
    };

    private string? NextFault()
    {
        if (!Enabled)
        {
            return null;
        }

        // The first request counted fails, then every Every-th.
        var n = Interlocked.Increment(ref _requests) - 1;
        return n % Every == 0 ? Modes[(int)(n / Every % Modes.Count)] : null;
    }

    private void Record(string mode, string operation)
    {
        _injected.AddOrUpdate(mode, 1, (_, c) => c + 1);
        _injected.AddOrUpdate(operation, 1, (_, c) => c + 1);
    }

    private sealed class Attached(TransientFaultPolicy owner, string service) : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline, async: false).AsTask().GetAwaiter().GetResult();

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline, async: true);

        private async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
        {
            var mode = owner.NextFault();
            if (mode is null)
            {
                await Next(message, pipeline, async);
                return;
            }

            owner.Record(mode, StorageRequestTally.OperationOf(service, message.Request.Method.ToString(), message.Request.Uri.ToUri()));
            switch (mode)
            {
                case TransientFaultModes.InternalErrorBeforeSend:
                    message.Response = SyntheticErrorResponse.Create(service, 500, "Internal Server Error", "InternalError", message.Request.ClientRequestId);
                    return;
                case TransientFaultModes.ServerBusyBeforeSend:
                    message.Response = SyntheticErrorResponse.Create(service, 503, "Service Unavailable", "ServerBusy", message.Request.ClientRequestId);
                    return;
                case TransientFaultModes.TimeoutBeforeSend:
                    throw Timeout();
                case TransientFaultModes.InternalErrorAfterSend:
                    await Next(message, pipeline, async);
                    message.Response.Dispose();
                    message.Response = SyntheticErrorResponse.Create(service, 500, "Internal Server Error", "InternalError", message.Request.ClientRequestId);
                    return;
                default:
                    await Next(message, pipeline, async);
                    message.Response.Dispose();
                    throw Timeout();
            }
        }

        // What Azure.Core's network timeout raises: a cancellation the caller did not ask for, which its retry policy retries.
        private static TaskCanceledException Timeout() => new("Injected: the operation was cancelled because it exceeded the configured network timeout.");

        private static ValueTask Next(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
        {
            if (async)
            {
                return ProcessNextAsync(message, pipeline);
            }

            ProcessNext(message, pipeline);
            return ValueTask.CompletedTask;
        }
    }
}
