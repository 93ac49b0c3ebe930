namespace Pipeline.Integrity;

/// <summary>How integrity checks are carried.</summary>
public sealed class IntegrityCheckOptions
{
    public const string SectionName = "Pipeline:IntegrityChecks";

    /// <summary>
    /// The most check messages one Functions instance handles at once: <c>host.json</c>'s
    /// <c>extensions.queues.batchSize + newBatchThreshold</c> (a test holds the two together). A check streams the
    /// blob through a fixed buffer, so this bounds memory by a few MiB.
    /// </summary>
    public const int ConcurrencyLimit = 12;

    /// <summary>
    /// How many check messages the local host handles at once (the checks in one message run in turn, as in the queue
    /// trigger; the Service Bus processor's concurrent calls). Default: six per core, at most <see cref="ConcurrencyLimit"/>.
    /// </summary>
    public int Concurrency { get; set; } = DefaultConcurrency(Environment.ProcessorCount);

    /// <summary>
    /// The longest a first-check request waits for the other ingests in progress to share its message (one send, one
    /// receive and one delete for the lot); it goes sooner when they all have, so this bites only when one ingest is much
    /// slower than the others (a large upload). Default 200 ms; zero sends each at once.
    /// </summary>
    public TimeSpan BatchLinger { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The most check requests in one send: one storage queue message (well under its 64 KiB), or one Service Bus batch of
    /// a message each (split further if the batch is full). Default 32.
    /// </summary>
    public int MaxBatch { get; set; } = 32;

    /// <summary>
    /// <c>ServiceBus</c> (what Azure deploys, see infra) or <c>StorageQueue</c> (the default here: Azurite-only set-ups and
    /// the local host without <c>--servicebus</c>).
    /// </summary>
    public string Transport { get; set; } = IntegrityCheckTransports.StorageQueue;

    /// <summary>Service Bus queue name when <see cref="Transport"/> is <c>ServiceBus</c>. Default <c>integrity-checks</c>.</summary>
    public string ServiceBusQueue { get; set; } = "integrity-checks";

    /// <summary>The default <see cref="Concurrency"/> on a machine with <paramref name="processorCount"/> cores.</summary>
    public static int DefaultConcurrency(int processorCount) => Math.Clamp(6 * processorCount, 1, ConcurrencyLimit);
}
