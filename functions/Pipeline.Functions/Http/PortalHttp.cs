using System.Net;
using Microsoft.Azure.Functions.Worker.Http;
using Pipeline.Portal;

namespace Pipeline.Functions.Http;

/// <summary>Turns a trigger's request into the handlers' <see cref="PortalRequest"/>, and their <see cref="PortalResult"/> into the response.</summary>
internal static class PortalHttp
{
    public static PortalRequest Request(HttpRequestData request) =>
        new(
            name => request.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null,
            request.Url.AbsolutePath,
            name => request.Query[name]);

    /// <summary>Writes a JSON or HTML result (document content streams through <see cref="PortalHttpContext"/> instead).</summary>
    public static async Task<HttpResponseData> RespondAsync(HttpRequestData request, PortalResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(result);
        var response = request.CreateResponse((HttpStatusCode)result.Status);
        response.Headers.Add("Content-Type", result.ContentType);
        foreach (var (name, value) in result.Headers)
        {
            response.Headers.Add(name, value);
        }

        await result.WriteBodyAsync(response.Body, cancellationToken);
        return response;
    }
}
