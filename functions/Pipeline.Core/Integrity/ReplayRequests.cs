namespace Pipeline.Integrity;

/// <summary>What a replayed dead-letter carries: the original requests as replays, or (malformed) the original body.</summary>
internal static class ReplayRequests
{
    public static string Body(string originalBody, string deadLetterId) =>
        IntegrityCheckRequest.TryParseMany(originalBody) is { } requests
            ? IntegrityCheckRequest.ToJson(requests.Select(r => r with { Kind = IntegrityCheckKinds.Replay, RunId = "replay-" + deadLetterId }).ToList())
            : originalBody;

    /// <summary>The case and document a dead-letter is about; for a batch, the case when all share it and the first document.</summary>
    public static (string? CaseId, string? DocumentId) Names(string body) =>
        IntegrityCheckRequest.TryParseMany(body) is { } requests
            ? (requests.All(r => r.CaseId == requests[0].CaseId) ? requests[0].CaseId : null, requests[0].DocumentId)
            : (null, null);
}
