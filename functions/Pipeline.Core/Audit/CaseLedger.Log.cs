using Microsoft.Extensions.Logging;

namespace Pipeline.Audit;

public sealed partial class CaseLedger
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Audit append to case {CaseId} at sequence {Sequence} lost the race for the case head; retrying")]
        public static partial void HeadRaceLost(ILogger logger, string caseId, long sequence);

        [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Audit record {Sequence} ({Kind}) appended to case {CaseId} for document {DocumentId}")]
        public static partial void Appended(ILogger logger, string caseId, long sequence, string kind, string? documentId);
    }
}
