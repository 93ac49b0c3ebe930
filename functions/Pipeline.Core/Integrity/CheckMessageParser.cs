using System.Buffers;
using System.Text.Json;
using Pipeline.Validation;

namespace Pipeline.Integrity;

/// <summary>
/// Reads a check message body (one request, or a JSON array of them) and, when it is not one, says why in words an
/// operator can act on: not JSON, not an object, a missing or wrongly typed field, an id the pipeline never writes, a
/// digest that is not SHA-256 hex, or a message larger than any the pipeline sends. A message that fails here goes to
/// the poison queue with that reason, never through the checker.
/// </summary>
internal static class CheckMessageParser
{
    /// <summary>Largest body accepted: a Storage queue message's limit (64 KiB), which the pipeline's batches stay under.</summary>
    public const int MaxBodyLength = 64 * 1024;

    /// <summary>Most requests in one message; the batcher sends at most <c>MaxBatch</c> (32 by default).</summary>
    public const int MaxRequests = 256;

    private const int MaxProblemLength = 300;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private static readonly SearchValues<char> IdCharacters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    public static IReadOnlyList<IntegrityCheckRequest>? TryParse(string body, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.Length > MaxBodyLength)
        {
            problem = $"oversized: {body.Length} characters, more than the {MaxBodyLength} a check message may have";
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var elements = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList() : [root];
            if (elements.Count == 0 || elements.Count > MaxRequests)
            {
                problem = $"holds {elements.Count} requests; a check message holds 1 to {MaxRequests}";
                return null;
            }

            var requests = new List<IntegrityCheckRequest>(elements.Count);
            foreach (var element in elements)
            {
                var request = TryRead(element, out problem);
                if (request is null)
                {
                    problem = elements.Count == 1 ? problem : $"request {requests.Count + 1} of {elements.Count}: {problem}";
                    return null;
                }

                requests.Add(request);
            }

            problem = null;
            return requests;
        }
        catch (JsonException ex)
        {
            problem = Bound("not JSON: " + ex.Message);
            return null;
        }
    }

    private static IntegrityCheckRequest? TryRead(JsonElement element, out string? problem)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problem = $"a {element.ValueKind} where a request object belongs";
            return null;
        }

        foreach (var field in new[] { "caseId", "documentId", "sha256" })
        {
            if (!element.TryGetProperty(field, out var value))
            {
                problem = $"missing field {field}";
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                problem = $"field {field} is a {value.ValueKind}, not a string";
                return null;
            }
        }

        IntegrityCheckRequest? request;
        try
        {
            request = element.Deserialize<IntegrityCheckRequest>(JsonOptions);
        }
        catch (JsonException ex)
        {
            problem = Bound("wrong type: " + ex.Message);
            return null;
        }

        problem = request is null ? "null request"
            : !IsId(request.CaseId) ? $"caseId is not a case id (1 to {IntakePathParser.MaxIdLength} of A-Z a-z 0-9 _ -): '{Quote(request.CaseId)}'"
            : !IsId(request.DocumentId) ? $"documentId is not a document id (1 to {IntakePathParser.MaxIdLength} of A-Z a-z 0-9 _ -): '{Quote(request.DocumentId)}'"
            : request.Sha256.Length != 64 || request.Sha256.AsSpan().ContainsAnyExcept(LowerHex) ? $"sha256 is not 64 lowercase hex digits: '{Quote(request.Sha256)}'"
            : request.Kind is not { Length: > 0 } || request.RunId is not { Length: > 0 } ? "kind and runId, when given, must not be empty"
            : null;
        return problem is null ? request : null;
    }

    private static bool IsId(string value) =>
        value.Length is > 0 and <= IntakePathParser.MaxIdLength && !value.AsSpan().ContainsAnyExcept(IdCharacters);

    private static string Bound(string text) => UntrustedText.Bound(text, MaxProblemLength);

    private static string Quote(string value) => UntrustedText.Bound(value, 80);
}
