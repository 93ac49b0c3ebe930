using Microsoft.Extensions.Logging;
using Pipeline.Hosting;

namespace Pipeline.Quarantine;

public sealed partial class QuarantineBlobStore
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Quarantined intake blob {IntakeBlob} as {QuarantineBlob}: {Reasons}")]
        public static partial void Quarantined(ILogger logger, [PersonalData] string intakeBlob, [PersonalData] string quarantineBlob, string reasons);

        [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Intake blob {IntakeBlob} was already quarantined as {QuarantineBlob}")]
        public static partial void AlreadyQuarantined(ILogger logger, [PersonalData] string intakeBlob, [PersonalData] string quarantineBlob);
    }
}
