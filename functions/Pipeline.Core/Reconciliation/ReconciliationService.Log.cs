using Microsoft.Extensions.Logging;
using Pipeline.Hosting;

namespace Pipeline.Reconciliation;

public sealed partial class ReconciliationService
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "Reconciliation run {RunId} started (rehash {Rehash})")]
        public static partial void Started(ILogger logger, string runId, bool rehash);

        [LoggerMessage(EventId = 601, Level = LogLevel.Warning, Message = "Resuming unfinished reconciliation run {RunId} at phase {Phase} after {Cursor}")]
        public static partial void Resuming(ILogger logger, string runId, ReconciliationPhase phase, [PersonalData] string? cursor);

        [LoggerMessage(EventId = 602, Level = LogLevel.Information, Message = "Reconciliation run {RunId} completed: {Cases} cases, {Documents} documents, {Blobs} evidence blobs, {Anomalies} anomalies")]
        public static partial void Completed(ILogger logger, string runId, long cases, long documents, long blobs, long anomalies);

        [LoggerMessage(EventId = 606, Level = LogLevel.Error, Message = "Queueing the integrity check of document {DocumentId} in case {CaseId} failed; it is still unverified at the next run")]
        public static partial void EnqueueFailed(ILogger logger, string caseId, string documentId, Exception exception);

        [LoggerMessage(EventId = 605, Level = LogLevel.Warning, Message = "Reconciliation run stopped: another process took over its lock and finishes it")]
        public static partial void Superseded(ILogger logger, Exception exception);
    }
}
