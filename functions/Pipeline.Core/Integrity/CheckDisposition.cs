namespace Pipeline.Integrity;

/// <summary>How a receiver settles a check message, whatever the transport.</summary>
public enum CheckSettlement
{
    /// <summary>Done (or nothing left to do): remove the message.</summary>
    Complete,

    /// <summary>A transient failure: make the message available again; the transport's delivery limit bounds retries.</summary>
    Abandon,

    /// <summary>A permanent failure: keep the message aside with its reason, for an operator (<c>local/pipeline dlq</c>).</summary>
    DeadLetter,
}

/// <param name="Reason">For dead-letters: a code from <see cref="CheckDeadLetterReasons"/>.</param>
/// <param name="Description">What happened, in words.</param>
public sealed record CheckDisposition(CheckSettlement Settlement, string? Reason = null, string? Description = null)
{
    /// <summary>How many checks ran to an outcome (a batched message holds several; a malformed one, none).</summary>
    public int Checks { get; init; }

    /// <summary>
    /// For dead-letters of a batched message: the requests to set aside (those that failed), when not all of them.
    /// Null: the message as received.
    /// </summary>
    public string? DeadLetterBody { get; init; }

    public static CheckDisposition Complete { get; } = new(CheckSettlement.Complete);

    public static CheckDisposition Abandon(string description) => new(CheckSettlement.Abandon, null, description);

    public static CheckDisposition DeadLetter(string reason, string description) => new(CheckSettlement.DeadLetter, reason, description);
}

/// <summary>Dead-letter reasons of the pipeline's own (Service Bus adds <c>MaxDeliveryCountExceeded</c>, and others, itself).</summary>
public static class CheckDeadLetterReasons
{
    /// <summary>The message is not an integrity-check request.</summary>
    public const string MalformedMessage = "malformed-message";

    /// <summary>The request names a document the index does not have.</summary>
    public const string UnknownDocument = "unknown-document";

    /// <summary>The Storage-queue transport's equivalent of Service Bus's maximum delivery count.</summary>
    public const string MaxDeliveryCountExceeded = "MaxDeliveryCountExceeded";
}
