using Microsoft.Extensions.Logging;
using Pipeline.Hosting;

namespace Pipeline.EvidenceStore;

public sealed partial class EvidenceBlobStore
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Stored document {DocumentId} of case {CaseId} as evidence blob {Blob} (sha256 {Sha256})")]
        public static partial void Stored(ILogger logger, string caseId, string documentId, [PersonalData] string blob, string sha256);

        [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Evidence blob {Blob} for document {DocumentId} of case {CaseId} already exists: {Status}; nothing was overwritten")]
        public static partial void Exists(ILogger logger, string caseId, string documentId, [PersonalData] string blob, EvidenceWriteStatus status);
    }
}
