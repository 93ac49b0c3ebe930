using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Pipeline.Functions.ServiceBus;

internal sealed partial class HostMessageSettlement
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 540, Level = LogLevel.Debug, Message = "Service Bus settlement {Operation} of lock token {LockToken} done by the host")]
        public static partial void Settled(ILogger logger, string operation, string lockToken);

        [LoggerMessage(EventId = 541, Level = LogLevel.Error, Message = "Service Bus settlement {Operation} of lock token {LockToken} failed ({StatusCode}: {Detail}); the message is left to its lock expiry and delivered again")]
        public static partial void Failed(ILogger logger, string operation, string lockToken, StatusCode statusCode, string detail, Exception exception);
    }
}
