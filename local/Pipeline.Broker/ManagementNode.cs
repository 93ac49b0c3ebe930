using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;

namespace Pipeline.Broker;

/// <summary>
/// An entity's <c>$management</c> node: the operations the SDK's receiver uses beside its link (lock renewal, peek,
/// deferred receive, settlement by lock token). Requests and responses are maps, keyed as Service Bus keys them.
/// </summary>
internal sealed class ManagementNode(BrokerEntity entity) : RequestResponseNode
{
    public const string Suffix = "/$management";

    private static readonly MapKey LockTokens = new("lock-tokens");
    private static readonly MapKey Expirations = new("expirations");
    private static readonly MapKey FromSequenceNumber = new("from-sequence-number");
    private static readonly MapKey MessageCount = new("message-count");
    private static readonly MapKey Messages = new("messages");
    private static readonly MapKey Message = new("message");
    private static readonly MapKey LockToken = new("lock-token");
    private static readonly MapKey SequenceNumbers = new("sequence-numbers");
    private static readonly MapKey DispositionStatus = new("disposition-status");
    private static readonly MapKey DeadLetterReason = new("deadletter-reason");
    private static readonly MapKey DeadLetterDescription = new("deadletter-description");
    private static readonly MapKey PropertiesToModify = new("properties-to-modify");

    protected override AmqpMessage Handle(AmqpMessage request, AmqpLink requestLink)
    {
        var operation = request.ApplicationProperties?.Map["operation"] as string;
        var body = request.ValueBody?.Value as AmqpMap ?? new AmqpMap();
        return operation switch
        {
            "com.microsoft:renew-lock" => RenewLock(body),
            "com.microsoft:peek-message" => Peek(body),
            "com.microsoft:receive-by-sequence-number" => ReceiveBySequenceNumber(body, requestLink),
            "com.microsoft:update-disposition" => UpdateDisposition(body),
            _ => CreateResponse(501, $"The operation '{operation}' is not implemented by the local broker."),
        };
    }

    private AmqpMessage RenewLock(AmqpMap body)
    {
        var expirations = new List<DateTime>();
        foreach (var token in (Guid[])body[LockTokens])
        {
            if (entity.RenewLock(token) is not { } until)
            {
                return LockLost();
            }

            expirations.Add(until);
        }

        return CreateResponse(200, "OK", new AmqpMap { [Expirations] = expirations.ToArray() });
    }

    private AmqpMessage Peek(AmqpMap body)
    {
        var from = Convert.ToInt64(body[FromSequenceNumber], System.Globalization.CultureInfo.InvariantCulture);
        var count = Convert.ToInt32(body[MessageCount], System.Globalization.CultureInfo.InvariantCulture);
        var peeked = entity.Peek(from, count);
        if (peeked.Count == 0)
        {
            return CreateResponse(204, "No messages");
        }

        var list = peeked.Select(bytes => (object)new AmqpMap { [Message] = bytes }).ToList();
        return CreateResponse(200, "OK", new AmqpMap { [Messages] = list });
    }

    private AmqpMessage ReceiveBySequenceNumber(AmqpMap body, AmqpLink requestLink)
    {
        var received = entity.ReceiveDeferred((long[])body[SequenceNumbers], requestLink);
        if (received.Count == 0)
        {
            return CreateResponse(404, "No deferred messages with those sequence numbers", new AmqpMap()).WithErrorCondition("com.microsoft:message-not-found");
        }

        var list = received.Select(r => (object)new AmqpMap { [LockToken] = r.LockToken, [Message] = r.Message }).ToList();
        return CreateResponse(200, "OK", new AmqpMap { [Messages] = list });
    }

    private AmqpMessage UpdateDisposition(AmqpMap body)
    {
        Dictionary<string, object>? properties = null;
        if (body[PropertiesToModify] is AmqpMap modify)
        {
            properties = modify.ToDictionary(pair => pair.Key.ToString(), pair => pair.Value, StringComparer.Ordinal);
        }

        var kind = (body[DispositionStatus] as string) switch
        {
            "completed" => SettlementKind.Complete,
            "abandoned" => SettlementKind.Abandon,
            "defered" or "deferred" => SettlementKind.Defer,
            "suspended" => SettlementKind.DeadLetter,
            var other => throw new ArgumentException($"unknown disposition-status '{other}'"),
        };
        var settlement = new Settlement(kind, properties, body[DeadLetterReason] as string, body[DeadLetterDescription] as string);
        foreach (var token in (Guid[])body[LockTokens])
        {
            if (entity.Settle(token, settlement) == SettlementResult.LockLost)
            {
                return LockLost();
            }
        }

        return CreateResponse(200, "OK");
    }

    private AmqpMessage LockLost() =>
        CreateResponse(410, "The lock supplied is invalid: it expired, or the message was already settled.").WithErrorCondition("com.microsoft:message-lock-lost");
}

internal static class ManagementResponseExtensions
{
    public static AmqpMessage WithErrorCondition(this AmqpMessage response, string condition)
    {
        response.ApplicationProperties.Map["errorCondition"] = new AmqpSymbol(condition);
        return response;
    }
}
