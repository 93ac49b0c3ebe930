namespace Pipeline.Broker;

/// <summary>What a receiver asked for a locked message, whether by link disposition or by the management operation.</summary>
internal enum SettlementKind
{
    Complete,
    Abandon,
    Defer,
    DeadLetter,
}

/// <param name="Properties">Application properties to set on the message (abandon/defer/dead-letter may carry them).</param>
internal sealed record Settlement(SettlementKind Kind, IReadOnlyDictionary<string, object>? Properties = null, string? DeadLetterReason = null, string? DeadLetterDescription = null)
{
    public const string DeadLetterReasonProperty = "DeadLetterReason";
    public const string DeadLetterDescriptionProperty = "DeadLetterErrorDescription";
}
