namespace Pipeline.Broker;

/// <summary>
/// One queue (or a queue's <c>$DeadLetterQueue</c>): messages in sequence order, peek-locks with expiry, delivery counts
/// with a maximum, deferral, and duplicate detection by message id within a window. Thread-safe; links call it from
/// I/O threads.
/// </summary>
internal sealed partial class BrokerEntity
{
    public const string DeadLetterSuffix = "/$DeadLetterQueue";
    public const string MaxDeliveryCountExceeded = "MaxDeliveryCountExceeded";

    private readonly object gate = new();
    private readonly BrokerOptions options;
    private readonly TimeProvider time;
    private readonly SortedDictionary<long, BrokerMessage> messages = [];
    private readonly SortedSet<long> available = [];
    private readonly Dictionary<Guid, BrokerMessage> locked = [];
    private readonly Dictionary<string, DateTime> recentMessageIds = new(StringComparer.Ordinal);
    private readonly Queue<(string Id, DateTime At)> recentOrder = new();
    private readonly List<EntityConsumer> consumers = [];
    private long lastSequenceNumber;

    public BrokerEntity(string name, BrokerOptions options, TimeProvider time, bool withDeadLetterQueue)
    {
        Name = name;
        this.options = options;
        this.time = time;
        DeadLetterQueue = withDeadLetterQueue ? new BrokerEntity(name + DeadLetterSuffix, options, time, withDeadLetterQueue: false) : null;
        Management = new ManagementNode(this);
    }

    public ManagementNode Management { get; }

    public string Name { get; }

    public BrokerEntity? DeadLetterQueue { get; }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return messages.Count;
            }
        }
    }

    /// <summary>Adds a message; false when duplicate detection drops it (same message id within the window).</summary>
    public bool Enqueue(byte[] encoded)
    {
        BrokerMessage message;
        lock (gate)
        {
            var now = time.GetUtcNow().UtcDateTime;
            ForgetOldMessageIds(now);
            message = BrokerMessage.Create(encoded, ++lastSequenceNumber, now);
            if (message.MessageId is { } id)
            {
                if (recentMessageIds.ContainsKey(id))
                {
                    lastSequenceNumber--;
                    return false;
                }

                recentMessageIds[id] = now;
                recentOrder.Enqueue((id, now));
            }

            Add(message);
        }

        Dispatch();
        return true;
    }

    private void Add(BrokerMessage message)
    {
        messages.Add(message.SequenceNumber, message);
        available.Add(message.SequenceNumber);
    }

    /// <summary>Takes a copy of <paramref name="message"/> from another entity (dead-lettering), bypassing duplicate detection.</summary>
    private void Adopt(BrokerMessage message, string? deadLetterSource)
    {
        lock (gate)
        {
            Add(message.CopyTo(++lastSequenceNumber, message.EnqueuedTimeUtc, deadLetterSource));
        }

        Dispatch();
    }

    private void ForgetOldMessageIds(DateTime now)
    {
        while (recentOrder.TryPeek(out var oldest) && now - oldest.At >= options.DuplicateDetectionWindow)
        {
            recentOrder.Dequeue();
            if (recentMessageIds.TryGetValue(oldest.Id, out var at) && at == oldest.At)
            {
                recentMessageIds.Remove(oldest.Id);
            }
        }
    }
}
