using Microsoft.Extensions.Logging;

namespace Pipeline.Integrity;

public sealed partial class StorageQueueCheckReceiver
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 510, Level = LogLevel.Error, Message = "Integrity-check message {MessageId} moved to the poison queue after {DequeueCount} deliveries: {Reason}")]
        public static partial void Poisoned(ILogger logger, string messageId, long dequeueCount, string? reason);
    }
}
