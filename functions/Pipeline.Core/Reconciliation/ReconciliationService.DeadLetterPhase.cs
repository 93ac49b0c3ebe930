using Microsoft.Extensions.Logging;
using Pipeline.Integrity;

namespace Pipeline.Reconciliation;

public sealed partial class ReconciliationService
{
    /// <summary>
    /// Integrity checks the transport set aside (Service Bus dead-letter queue, Storage poison queue) longer than
    /// <see cref="ReconciliationOptions.DeadLetterFindingAge"/> ago: one <c>dead-lettered</c> finding per document, so a check
    /// that never ran is seen by the next night, not only by whoever reads the queue. Younger ones are left to the operator
    /// replaying them. Reported just before the store phase hands over to intake, in the write that enters it, so a resumed
    /// run reports them once.
    /// </summary>
    private async Task ReportDeadLetteredChecksAsync(ReconciliationRun run, CancellationToken cancellationToken)
    {
        IReadOnlyList<DeadLetteredCheck> deadLettered;
        try
        {
            deadLettered = await deadLetters.ListAsync(cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The transport is down, not the evidence: the rest of the run still reports, and the next run lists again.
            Log.DeadLettersUnreadable(logger, deadLetters.Location, ex);
            return;
        }

        var before = time.GetUtcNow() - _options.DeadLetterFindingAge;
        foreach (var check in deadLettered.Where(c => c.EnqueuedAt <= before))
        {
            var detail = $"{check.Reason ?? "no reason"}: {check.Description ?? "no description"}; {check.DeliveryCount} deliveries, enqueued {check.EnqueuedAt:O}; `local/pipeline dlq replay {check.Id}` sends it again";
            var requests = IntegrityCheckRequest.TryParseMany(check.Body);
            if (requests is null)
            {
                run.Report(AnomalyKinds.DeadLettered, null, null, deadLetters.Location, check.Id, "not a check request; " + detail);
                continue;
            }

            foreach (var request in requests)
            {
                run.Report(AnomalyKinds.DeadLettered, request.CaseId, request.DocumentId, deadLetters.Location, check.Id, detail);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 620, Level = LogLevel.Error, Message = "Dead-lettered integrity checks in {Location} could not be listed; the next run lists them again")]
        public static partial void DeadLettersUnreadable(ILogger logger, string location, Exception exception);
    }
}
