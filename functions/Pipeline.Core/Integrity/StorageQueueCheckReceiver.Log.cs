using Microsoft.Extensions.Logging;

namespace Pipeline.Integrity;

public sealed partial class StorageQueueCheckReceiver
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 510, Level = LogLevel.Error, Message = "Integrity-check message {MessageId} moved to the poison queue after {DequeueCount} deliveries")]
        public static partial void Poisoned(ILogger logger, string messageId, long dequeueCount, Exception exception);

        [LoggerMessage(EventId = 511, Level = LogLevel.Warning, Message = "Integrity-check message {MessageId} failed on delivery {DequeueCount}; it will be retried")]
        public static partial void Failed(ILogger logger, string messageId, long dequeueCount, Exception exception);
    }
}
