namespace Pipeline.Broker;

internal enum SettlementResult
{
    Settled,

    /// <summary>The lock token is unknown or its lock expired: Service Bus's <c>message-lock-lost</c>.</summary>
    LockLost,
}
