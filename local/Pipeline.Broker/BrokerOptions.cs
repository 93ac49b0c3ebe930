namespace Pipeline.Broker;

/// <summary>How the local broker listens and how its queues behave (Service Bus's queue properties, scaled for tests).</summary>
internal sealed class BrokerOptions
{
    /// <summary>Loopback only: the broker has no TLS and is for one machine.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>5672 is AMQP's plain port, the one the SDK uses with <c>UseDevelopmentEmulator=true</c>; 0 picks a free port.</summary>
    public int Port { get; set; } = 5672;

    /// <summary>Queues that exist at start; a link to any other name is refused (entity not found), as Service Bus does.</summary>
    public IList<string> Queues { get; } = [];

    public TimeSpan LockDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A message delivered this many times and not completed moves to the dead-letter queue.</summary>
    public int MaxDeliveryCount { get; set; } = 10;

    public TimeSpan DuplicateDetectionWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Advertised on every sender link; the SDK sizes its batches by it (Service Bus Standard: 256 KiB).</summary>
    public ulong MaxMessageSize { get; set; } = 256 * 1024;

    /// <summary>
    /// When set, every CBS token must be a shared access signature made with this key (the emulator's default key is
    /// <c>SAS_KEY_VALUE</c>); when empty, any token is accepted.
    /// </summary>
    public string? SharedAccessKey { get; set; }

    /// <summary>How often expired locks are released.</summary>
    public TimeSpan LockSweepInterval { get; set; } = TimeSpan.FromMilliseconds(200);
}
