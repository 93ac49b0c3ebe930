using Microsoft.Extensions.Logging;
using Pipeline.Hosting;
using Pipeline.Ingest;

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

        [LoggerMessage(EventId = 603, Level = LogLevel.Error, Message = "Re-driving stuck intake blob {IntakeBlob} failed")]
        public static partial void RedriveFailed(ILogger logger, [PersonalData] string intakeBlob, Exception exception);

        [LoggerMessage(EventId = 604, Level = LogLevel.Warning, Message = "Re-drove stuck intake blob {IntakeBlob}: {Outcome}")]
        public static partial void Redriven(ILogger logger, [PersonalData] string intakeBlob, IngestOutcome outcome);
    }
}
