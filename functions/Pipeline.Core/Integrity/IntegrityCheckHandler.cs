using Microsoft.Extensions.Logging;

namespace Pipeline.Integrity;

/// <summary>
/// One check message, whatever carried it: parse, check, and say how to settle. The Functions triggers and the local
/// receivers (Storage queue, <c>ServiceBusProcessor</c>) all run this, and only settle what it returns. A check is
/// idempotent, so a message delivered again after a lost lock changes nothing.
/// </summary>
public sealed partial class IntegrityCheckHandler(IntegrityChecker checker, ILogger<IntegrityCheckHandler> logger)
{
    public async Task<CheckDisposition> HandleAsync(string body, string messageId, int deliveryCount, CancellationToken cancellationToken = default)
    {
        var request = IntegrityCheckRequest.TryParse(body);
        if (request is null)
        {
            Log.Malformed(logger, messageId);
            return CheckDisposition.DeadLetter(CheckDeadLetterReasons.MalformedMessage, $"Message {messageId} is not an integrity-check request.");
        }

        try
        {
            var result = await checker.CheckAsync(request, cancellationToken);
            if (result.Outcome == IntegrityCheckResult.NotIndexed)
            {
                Log.UnknownDocument(logger, messageId, request.CaseId, request.DocumentId);
                return CheckDisposition.DeadLetter(CheckDeadLetterReasons.UnknownDocument, $"No document {request.CaseId}/{request.DocumentId} in the index: {result.Detail}.");
            }

            return CheckDisposition.Complete;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Storage unreachable, a throttled table, a timeout: the next delivery may well succeed.
            Log.Failed(logger, messageId, deliveryCount, ex);
            return CheckDisposition.Abandon($"{ex.GetType().Name}: {ex.Message}");
        }
    }
}
