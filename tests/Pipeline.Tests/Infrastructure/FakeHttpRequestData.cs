using System.Security.Claims;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace Pipeline.Tests.Infrastructure;

/// <summary>An HTTP trigger's request as the isolated worker hands it to a function (no Functions host here).</summary>
public sealed class FakeHttpRequestData(string method, Uri url, Stream? body = null, IServiceProvider? services = null)
    : HttpRequestData(new FakeFunctionContext(services))
{
    public override Stream Body { get; } = body ?? new MemoryStream();

    public override HttpHeadersCollection Headers { get; } = [];

    public override IReadOnlyCollection<IHttpCookie> Cookies { get; } = [];

    public override Uri Url { get; } = url;

    public override IEnumerable<ClaimsIdentity> Identities { get; } = [];

    public override string Method { get; } = method;

    public override HttpResponseData CreateResponse() => new FakeHttpResponseData(FunctionContext);

    private sealed class FakeHttpResponseData(FunctionContext context) : HttpResponseData(context)
    {
        public override System.Net.HttpStatusCode StatusCode { get; set; }

        public override HttpHeadersCollection Headers { get; set; } = [];

        public override Stream Body { get; set; } = new MemoryStream();

        public override HttpCookies Cookies => throw new NotSupportedException("the portal API sets no cookies");
    }
}
