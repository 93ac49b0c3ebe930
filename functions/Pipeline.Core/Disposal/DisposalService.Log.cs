using Microsoft.Extensions.Logging;

namespace Pipeline.Disposal;

public sealed partial class DisposalService
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 900, Level = LogLevel.Information, Message = "Disposal of document {DocumentId} of case {CaseId} by {Actor}: {Outcome}")]
        public static partial void Outcome(ILogger logger, string caseId, string documentId, DisposalOutcome outcome, string actor);

        [LoggerMessage(EventId = 901, Level = LogLevel.Debug, Message = "Disposal of document {DocumentId} of case {CaseId} raced a concurrent change (attempt {Attempt}); deciding again")]
        public static partial void Raced(ILogger logger, string caseId, string documentId, int attempt);
    }
}
