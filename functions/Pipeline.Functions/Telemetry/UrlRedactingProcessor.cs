using System.Diagnostics;
using OpenTelemetry;

namespace Pipeline.Functions.Telemetry;

/// <summary>
/// Storage request spans carry the request URL, and a blob's URL holds its file name, which names people. Before any
/// exporter sees a span, its URL keeps only the scheme, the host and the first path segment (the container, table or
/// queue); the rest and the query string become "…".
/// </summary>
public sealed class UrlRedactingProcessor : BaseProcessor<Activity>
{
    private static readonly string[] UrlTags = ["url.full", "http.url"];
    private static readonly string[] PathTags = ["url.path", "http.target"];

    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        foreach (var tag in UrlTags)
        {
            if (data.GetTagItem(tag) is string url)
            {
                data.SetTag(tag, RedactUrl(url));
            }
        }

        foreach (var tag in PathTags)
        {
            if (data.GetTagItem(tag) is string path)
            {
                data.SetTag(tag, RedactPath(path));
            }
        }
    }

    public static string RedactUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? uri.GetLeftPart(UriPartial.Authority) + RedactPath(uri.AbsolutePath + (uri.Query.Length > 0 ? "?" : ""))
            : "…";
    }

    public static string RedactPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var trimmed = path.TrimStart('/');
        var end = trimmed.IndexOfAny(['/', '?', '(']);
        if (end < 0)
        {
            return "/" + trimmed;
        }

        return "/" + trimmed[..end] + "/…";
    }
}
