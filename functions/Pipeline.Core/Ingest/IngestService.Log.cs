using Microsoft.Extensions.Logging;

namespace Pipeline.Ingest;

public sealed partial class IngestService
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Intake blob {IntakeBlob}: {Outcome} (case {CaseId}, document {DocumentId}, sha256 {Sha256})")]
        public static partial void Outcome(ILogger logger, string intakeBlob, IngestOutcome outcome, string? caseId, string? documentId, string? sha256);

        [LoggerMessage(EventId = 401, Level = LogLevel.Warning, Message = "Intake blob {IntakeBlob} was replaced while being ingested (attempt {Attempt}); ingesting the new version")]
        public static partial void IntakeChanged(ILogger logger, string intakeBlob, int attempt);
    }
}
