using Azure.Core;
using Azure.Core.Pipeline;

namespace Pipeline.Storage;

/// <summary>
/// Lets a caller have the responses of the requests it sends inside <see cref="Scope"/> parsed straight from the
/// network stream instead of copied whole into memory first (Azure.Core's default). A flat listing page of 5,000 blobs
/// with metadata is about 4.5 MB of XML: buffered, each page adds a growing <see cref="MemoryStream"/> of up to 8 MB on
/// the large object heap, which only a full collection frees, for every page of a long listing. Unbuffered, a
/// connection lost mid-body fails that page (the caller's own retry or resume) rather than being retried by the pipeline.
/// </summary>
public static class UnbufferedResponses
{
    private const string PropertyName = "Pipeline.UnbufferedResponse";

    /// <summary>Adds the policy that honours <see cref="Scope"/> to a client's options.</summary>
    public static void Attach(ClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddPolicy(new Policy(), HttpPipelinePosition.PerCall);
    }

    /// <summary>Requests created until the scope is disposed (in this async flow) are sent with an unbuffered response.</summary>
    public static IDisposable Scope() =>
        HttpPipeline.CreateHttpMessagePropertiesScope(new Dictionary<string, object?>(StringComparer.Ordinal) { [PropertyName] = true });

    /// <summary>Whether <paramref name="message"/> was created inside <see cref="Scope"/>.</summary>
    public static bool IsRequested(HttpMessage message) =>
        message is not null && message.TryGetProperty(PropertyName, out var value) && value is true;

    private sealed class Policy : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            if (IsRequested(message))
            {
                message.BufferResponse = false;
            }
        }
    }
}
