using Microsoft.Extensions.Logging;

namespace Pipeline.Bundles;

public sealed partial class BundleExporter
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 980, Level = LogLevel.Information, Message = "Bundle of case {CaseId} written: {Files} payload files, {Bytes} bytes, Merkle root {Root}")]
        public static partial void Exported(ILogger logger, string caseId, int files, long bytes, string root);

        [LoggerMessage(EventId = 981, Level = LogLevel.Warning, Message = "Bundle of case {CaseId} aborted on document {DocumentId}; its integrity check could not be queued")]
        public static partial void CheckNotQueued(ILogger logger, string caseId, string documentId, Exception exception);
    }
}
