using Microsoft.Extensions.Logging;

namespace Pipeline.Integrity;

public sealed partial class IntegrityChecker
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "Integrity check of document {DocumentId} in case {CaseId}: {Outcome} ({Detail})")]
        public static partial void Checked(ILogger logger, string caseId, string documentId, string outcome, string detail);

        [LoggerMessage(EventId = 501, Level = LogLevel.Error, Message = "Evidence anomaly: document {DocumentId} of case {CaseId} is {State}: {Detail}")]
        public static partial void Anomaly(ILogger logger, string caseId, string documentId, string state, string detail);

        [LoggerMessage(EventId = 502, Level = LogLevel.Debug, Message = "Document {DocumentId} of case {CaseId} changed during its integrity check (attempt {Attempt}); checking again")]
        public static partial void RowChanged(ILogger logger, string caseId, string documentId, int attempt);
    }
}
