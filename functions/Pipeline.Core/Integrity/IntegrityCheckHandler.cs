using Microsoft.Extensions.Logging;

namespace Pipeline.Integrity;

/// <summary>
/// One check message, whatever carried it: parse, check, and say how to settle. The Functions triggers and the local
/// receivers (Storage queue, <c>ServiceBusProcessor</c>) all run this, and only settle what it returns. A message holds
/// one request (Service Bus: a message per check) or the batch concurrent ingests sent together (Storage queue), whose
/// checks run in turn. A check is idempotent, so a message delivered again after a lost lock, or a batch retried after
/// one of its checks failed, changes nothing.
/// </summary>
public sealed partial class IntegrityCheckHandler(IntegrityChecker checker, ILogger<IntegrityCheckHandler> logger)
{
    public async Task<CheckDisposition> HandleAsync(string body, string messageId, int deliveryCount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var requests = IntegrityCheckRequest.TryParseMany(body);
        if (requests is null)
        {
            Log.Malformed(logger, messageId);
            return CheckDisposition.DeadLetter(CheckDeadLetterReasons.MalformedMessage, $"Message {messageId} is not an integrity-check request.");
        }

        var unknown = new List<IntegrityCheckRequest>();
        try
        {
            foreach (var request in requests)
            {
                var result = await checker.CheckAsync(request, cancellationToken);
                if (result.Outcome == IntegrityCheckResult.NotIndexed)
                {
                    Log.UnknownDocument(logger, messageId, request.CaseId, request.DocumentId);
                    unknown.Add(request);
                }
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Storage unreachable, a throttled table, a timeout: the next delivery may well succeed.
            Log.Failed(logger, messageId, deliveryCount, ex);
            return CheckDisposition.Abandon($"{ex.GetType().Name}: {ex.Message}");
        }

        if (unknown.Count == 0)
        {
            return CheckDisposition.Complete with { Checks = requests.Count };
        }

        // Only the requests that failed are set aside (where the transport can: a Storage poison message is written anew).
        var names = string.Join(", ", unknown.Select(r => $"{r.CaseId}/{r.DocumentId}"));
        return CheckDisposition.DeadLetter(CheckDeadLetterReasons.UnknownDocument, $"No document {names} in the index.") with
        {
            Checks = requests.Count,
            DeadLetterBody = unknown.Count == requests.Count ? null : IntegrityCheckRequest.ToJson(unknown),
        };
    }
}
