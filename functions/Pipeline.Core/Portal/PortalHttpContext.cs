using Microsoft.AspNetCore.Http;

namespace Pipeline.Portal;

/// <summary>
/// The portal API on ASP.NET Core, for both hosts (the local Kestrel host, the Functions worker's ASP.NET Core
/// integration): the handlers' request from an <see cref="HttpContext"/>, and their result streamed into its response.
/// </summary>
public static class PortalHttpContext
{
    public static PortalRequest Request(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new(
            name => context.Request.Headers.TryGetValue(name, out var values) ? values.ToString() : null,
            context.Request.Path.Value ?? "",
            name => context.Request.Query.TryGetValue(name, out var values) ? values.ToString() : null);
    }

    /// <summary>
    /// Streams the result. A body that stops matching its pin aborts the connection: with the length announced and the
    /// last buffer held back, the client sees a cut-off response, never a complete copy of other bytes.
    /// </summary>
    public static async Task RespondAsync(HttpContext context, PortalResult result)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        context.Response.StatusCode = result.Status;
        context.Response.ContentType = result.ContentType;
        context.Response.ContentLength = result.ContentLength;
        foreach (var (name, value) in result.Headers)
        {
            context.Response.Headers[name] = value;
        }

        try
        {
            await result.WriteBodyAsync(context.Response.Body, context.RequestAborted);
        }
        catch (PinnedContentMismatchException)
        {
            context.Abort();
        }
    }
}
