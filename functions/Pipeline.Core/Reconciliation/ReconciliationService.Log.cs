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

        [LoggerMessage(EventId = 607, Level = LogLevel.Information, Message = "Reconciliation run {RunId} sent {Shards} shards to its workers")]
        public static partial void ShardsSent(ILogger logger, string runId, int shards);

        [LoggerMessage(EventId = 608, Level = LogLevel.Information, Message = "Shard {Shard} of reconciliation run {RunId} completed on delivery {Delivery}: {Cases} cases, {Documents} documents")]
        public static partial void ShardCompleted(ILogger logger, string runId, int shard, int delivery, long cases, long documents);

        [LoggerMessage(EventId = 609, Level = LogLevel.Warning, Message = "Shard {Shard} of reconciliation run {RunId} failed on delivery {Delivery}; it is delivered again")]
        public static partial void ShardRetrying(ILogger logger, string runId, int shard, int delivery, Exception exception);

        [LoggerMessage(EventId = 610, Level = LogLevel.Error, Message = "Shard {Shard} of reconciliation run {RunId} failed on its last delivery ({Delivery}); the report lists it as failed")]
        public static partial void ShardFailed(ILogger logger, string runId, int shard, int delivery, Exception exception);

        [LoggerMessage(EventId = 611, Level = LogLevel.Information, Message = "Shard {Shard} of reconciliation run {RunId} dropped: that run is not the unfinished one")]
        public static partial void ShardStale(ILogger logger, string runId, int shard);

        [LoggerMessage(EventId = 612, Level = LogLevel.Error, Message = "A shard message is not a reconciliation shard request; it is set aside")]
        public static partial void ShardMalformed(ILogger logger);

        [LoggerMessage(EventId = 613, Level = LogLevel.Debug, Message = "Case {CaseId} is read again on its own: {Why}")]
        public static partial void CaseReadAgain(ILogger logger, [PersonalData] string caseId, string why);

        [LoggerMessage(EventId = 614, Level = LogLevel.Debug, Message = "Case {CaseId} is listed again on its own: {Why}")]
        public static partial void CaseListedAgain(ILogger logger, [PersonalData] string caseId, string why);

        [LoggerMessage(EventId = 605, Level = LogLevel.Warning, Message = "Reconciliation run stopped: another process took over its lock and finishes it")]
        public static partial void Superseded(ILogger logger, Exception exception);
    }
}
