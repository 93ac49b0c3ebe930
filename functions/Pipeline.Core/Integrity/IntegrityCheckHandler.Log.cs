using Microsoft.Extensions.Logging;

namespace Pipeline.Integrity;

public sealed partial class IntegrityCheckHandler
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 520, Level = LogLevel.Error, Message = "Integrity-check message {MessageId} is not a request; dead-lettered")]
        public static partial void Malformed(ILogger logger, string messageId);

        [LoggerMessage(EventId = 521, Level = LogLevel.Error, Message = "Integrity-check message {MessageId} names {CaseId}/{DocumentId}, which the index does not have; dead-lettered")]
        public static partial void UnknownDocument(ILogger logger, string messageId, string caseId, string documentId);

        [LoggerMessage(EventId = 522, Level = LogLevel.Warning, Message = "Integrity-check message {MessageId} failed on delivery {DeliveryCount}; abandoned for a retry")]
        public static partial void Failed(ILogger logger, string messageId, int deliveryCount, Exception exception);
    }
}
