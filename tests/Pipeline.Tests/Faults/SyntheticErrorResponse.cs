using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Azure;
using Azure.Core;

namespace Pipeline.Tests.Faults;

/// <summary>
/// An error response as the storage service writes one: status, <c>x-ms-error-code</c>, <c>x-ms-request-id</c>, and a
/// body in the service's error format (XML for blob and queue, OData JSON for table), so the SDK's retry policy and
/// error parser treat it exactly like a real one (see <see cref="IsError"/>).
/// </summary>
internal sealed class SyntheticErrorResponse : Response
{
    private readonly Dictionary<string, string> _headers;

    private SyntheticErrorResponse(int status, string reasonPhrase, Dictionary<string, string> headers, byte[] body)
    {
        Status = status;
        ReasonPhrase = reasonPhrase;
        _headers = headers;
        ContentStream = new MemoryStream(body, writable: false);
    }

    public override int Status { get; }

    /// <summary>
    /// The transport policy marks a response as an error after the transport returns it; a response made before the
    /// transport never passes there, and unmarked the retry policy takes it for a success and the client parses the
    /// error body as a result (a queue send then fails with a closed stream or bad XML, unretried).
    /// </summary>
    public override bool IsError => Status >= 400;

    public override string ReasonPhrase { get; }

    public override Stream? ContentStream { get; set; }

    public override string ClientRequestId { get; set; } = string.Empty;

    public static SyntheticErrorResponse Create(string service, int status, string reasonPhrase, string errorCode, string clientRequestId)
    {
        const string Message = "Injected transient failure.";
        var (contentType, body) = service == "table"
            ? ("application/json;odata=minimalmetadata;streaming=true;charset=utf-8",
                $"{{\"odata.error\":{{\"code\":\"{errorCode}\",\"message\":{{\"lang\":\"en-US\",\"value\":\"{Message}\"}}}}}}")
            : ("application/xml", $"<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{errorCode}</Code><Message>{Message}</Message></Error>");
        var bytes = Encoding.UTF8.GetBytes(body);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["x-ms-error-code"] = errorCode,
            ["x-ms-request-id"] = Guid.NewGuid().ToString(),
            ["x-ms-client-request-id"] = clientRequestId,
            ["x-ms-version"] = "2025-11-05",
            ["Content-Type"] = contentType,
            ["Content-Length"] = bytes.Length.ToString(CultureInfo.InvariantCulture),
            ["Date"] = DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture),
        };
        return new SyntheticErrorResponse(status, reasonPhrase, headers, bytes) { ClientRequestId = clientRequestId };
    }

    public override void Dispose() => ContentStream?.Dispose();

    protected override bool ContainsHeader(string name) => _headers.ContainsKey(name);

    protected override IEnumerable<HttpHeader> EnumerateHeaders() => _headers.Select(h => new HttpHeader(h.Key, h.Value));

    protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value) => _headers.TryGetValue(name, out value);

    protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
    {
        values = _headers.TryGetValue(name, out var value) ? [value] : null;
        return values is not null;
    }
}
