using System.Text;
using System.Text.Json;

namespace Pipeline.Portal;

/// <summary>
/// A handler's answer, independent of the host: status, headers and a body the host lets it write. A body writer that
/// throws <see cref="PinnedContentMismatchException"/> has already recorded why; the host aborts the response.
/// </summary>
public sealed class PortalResult
{
    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public PortalResult(int status, string contentType, Func<Stream, CancellationToken, Task> writeBodyAsync, long? contentLength = null)
    {
        Status = status;
        ContentType = contentType;
        WriteBodyAsync = writeBodyAsync;
        ContentLength = contentLength;
    }

    public int Status { get; }

    public string ContentType { get; }

    /// <summary>The body's length when known before it is written (streamed content).</summary>
    public long? ContentLength { get; }

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Func<Stream, CancellationToken, Task> WriteBodyAsync { get; }

    public static PortalResult Json<T>(int status, T value, string contentType = "application/json", JsonSerializerOptions? options = null)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, options ?? JsonOptions);
        return Bytes(status, contentType, bytes);
    }

    public static PortalResult Html(int status, string html) =>
        Bytes(status, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(html));

    public PortalResult WithHeader(string name, string value)
    {
        Headers[name] = value;
        return this;
    }

    private static PortalResult Bytes(int status, string contentType, byte[] bytes) =>
        new(status, contentType, (stream, token) => stream.WriteAsync(bytes, token).AsTask(), bytes.Length);
}
