using System.Text.Json;
using System.Text.Json.Serialization;
using Pipeline.Validation;

namespace Pipeline.Portal;

/// <summary>
/// A portal request's JSON body: read up to <see cref="MaxBytes"/> (a few short fields; anything larger is refused before
/// parsing), unknown members refused. Either the value (null for an empty body) or the problem to answer with.
/// </summary>
public static class PortalJsonBody
{
    public const int MaxBytes = 16 * 1024;

    private static readonly JsonSerializerOptions RequestJson = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <param name="what">What the body should be, for the problem's detail ("an upload request").</param>
    public static async Task<(T? Value, PortalResult? Problem)> ReadAsync<T>(PortalRequest request, Stream body, string what, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(body);
        var bytes = await ReadBoundedAsync(body, cancellationToken);
        if (bytes is null)
        {
            return (null, PortalProblems.BodyTooLarge(request, MaxBytes));
        }

        if (bytes.Length == 0)
        {
            return (null, null);
        }

        try
        {
            return (JsonSerializer.Deserialize<T>(bytes, RequestJson), null);
        }
        catch (JsonException ex)
        {
            return (null, PortalProblems.InvalidRequest(request, UntrustedText.Bound($"the body is not {what}: {ex.Message}", 512)));
        }
    }

    private static async Task<byte[]?> ReadBoundedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
