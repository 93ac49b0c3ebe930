namespace Pipeline.Integrity;

/// <summary>What a replayed dead-letter carries: the original request as a replay, or (malformed) the original body.</summary>
internal static class ReplayRequests
{
    public static string Body(string originalBody, string deadLetterId) =>
        IntegrityCheckRequest.TryParse(originalBody) is { } request
            ? (request with { Kind = IntegrityCheckKinds.Replay, RunId = "replay-" + deadLetterId }).ToJson()
            : originalBody;

    public static (string? CaseId, string? DocumentId) Names(string body) =>
        IntegrityCheckRequest.TryParse(body) is { } request ? (request.CaseId, request.DocumentId) : (null, null);
}
