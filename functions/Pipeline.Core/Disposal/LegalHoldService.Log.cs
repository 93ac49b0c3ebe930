using Microsoft.Extensions.Logging;

namespace Pipeline.Disposal;

public sealed partial class LegalHoldService
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 950, Level = LogLevel.Information, Message = "Legal hold on case {CaseId} changed to {Active} by {Actor}")]
        public static partial void Changed(ILogger logger, string caseId, bool active, string actor);

        [LoggerMessage(EventId = 951, Level = LogLevel.Warning, Message = "Legal hold on case {CaseId} not mirrored to its evidence blobs: the storage account cannot hold blobs ({Detail}); the hold is recorded in the audit chain only")]
        public static partial void MirrorNotSupported(ILogger logger, string caseId, string detail);
    }
}
