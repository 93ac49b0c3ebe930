using Microsoft.Extensions.Logging;
using Pipeline.Hosting;

namespace Pipeline.Ingest;

public sealed partial class IngestService
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Intake blob {IntakeBlob}: {Outcome} (case {CaseId}, document {DocumentId}, sha256 {Sha256})")]
        public static partial void Outcome(ILogger logger, [PersonalData] string intakeBlob, IngestOutcome outcome, string? caseId, string? documentId, string? sha256);

        [LoggerMessage(EventId = 402, Level = LogLevel.Error, Message = "Ingesting intake blob {IntakeBlob} failed (attempt {Attempts} of this version); it stays unmarked and is retried")]
        public static partial void Failed(ILogger logger, [PersonalData] string intakeBlob, int attempts, Exception exception);

        [LoggerMessage(EventId = 403, Level = LogLevel.Warning, Message = "Could not record the failed ingest of intake blob {IntakeBlob}")]
        public static partial void FailureNotRecorded(ILogger logger, [PersonalData] string intakeBlob, Exception exception);

        [LoggerMessage(EventId = 401, Level = LogLevel.Warning, Message = "Intake blob {IntakeBlob} was replaced while being ingested (attempt {Attempt}); ingesting the new version")]
        public static partial void IntakeChanged(ILogger logger, [PersonalData] string intakeBlob, int attempt);
    }
}
