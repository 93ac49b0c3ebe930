using Microsoft.Extensions.Logging;
using Pipeline.Integrity;

namespace Pipeline.Functions.ServiceBus;

/// <summary>
/// Settles an integrity-check message as the handler decided, through the Functions host (the trigger runs with
/// <c>autoCompleteMessages: false</c>, so nothing else settles it): complete; abandon a transient failure, noting it on
/// the message (<see cref="LastFailureProperty"/>), so what finally reaches the dead-letter queue after the delivery limit
/// says why; dead-letter a permanent failure with its reason and description.
/// </summary>
public sealed partial class IntegrityCheckSettlement(IMessageSettlement settlement, ILogger<IntegrityCheckSettlement> logger)
{
    /// <summary>Application property an abandon sets: the transient failure of the delivery that abandoned the message.</summary>
    public const string LastFailureProperty = "lastFailure";

    /// <summary>Settles the message the trigger delivered under <paramref name="lockToken"/>.</summary>
    /// <returns>Whether the host settled it; when not (logged), the message is delivered again once its lock expires.</returns>
    /// <exception cref="IntegrityCheckNotCompletedException">
    /// No lock token in the trigger's binding data (a binding the host does not give one: batched, or deferred) and the
    /// check did not complete: the failed invocation lets the host abandon the message, the only settlement left.
    /// </exception>
    public async Task<bool> SettleAsync(string? lockToken, string messageId, CheckDisposition disposition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(disposition);
        if (string.IsNullOrEmpty(lockToken))
        {
            Log.NoLockToken(logger, messageId, disposition.Settlement);
            return disposition.Settlement == CheckSettlement.Complete ? false : throw new IntegrityCheckNotCompletedException(disposition);
        }

        var description = disposition.Description ?? disposition.Settlement.ToString();
        return disposition.Settlement switch
        {
            CheckSettlement.Complete => await settlement.CompleteAsync(lockToken, cancellationToken),
            CheckSettlement.Abandon => await settlement.AbandonAsync(lockToken, new Dictionary<string, string> { [LastFailureProperty] = description }, cancellationToken),
            CheckSettlement.DeadLetter => await settlement.DeadLetterAsync(lockToken, disposition.Reason ?? CheckSettlement.DeadLetter.ToString(), description, null, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(disposition), disposition.Settlement, "Not a settlement."),
        };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 542, Level = LogLevel.Error, Message = "Integrity-check message {MessageId} came without a lock token, so it cannot be settled explicitly ({Settlement}); check that its trigger binds one message, not a batch or a deferred binding")]
        public static partial void NoLockToken(ILogger logger, string messageId, CheckSettlement settlement);
    }
}
