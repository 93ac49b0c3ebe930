using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Pipeline.Functions.ServiceBus.HostSettlement;
using SettlementService = Pipeline.Functions.ServiceBus.HostSettlement.Settlement;

namespace Pipeline.Tests.Functions.Settlement;

/// <summary>One settlement call as the host received it.</summary>
internal sealed record ReceivedSettlement(
    string Operation,
    string LockToken,
    IReadOnlyDictionary<string, object?> PropertiesToModify,
    string? DeadLetterReason = null,
    string? DeadLetterErrorDescription = null);

/// <summary>
/// The host side of the settlement contract, as the Service Bus host extension behaves: it knows the lock tokens of the
/// messages it is running invocations for, refuses any other with <c>FailedPrecondition</c>, and reports a failure of the
/// settlement itself (here: settling twice) as <c>Unknown</c>. It decodes the modified properties as the host does.
/// </summary>
internal sealed class RecordingSettlementService : SettlementService.SettlementBase
{
    private readonly ConcurrentDictionary<string, bool> locked = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ReceivedSettlement> received = new();

    /// <summary>How long each call takes before it is answered (to exceed a client's deadline).</summary>
    public TimeSpan Delay { get; set; }

    public IReadOnlyList<ReceivedSettlement> Received => [.. received];

    /// <summary>A message the host is running an invocation for, locked under <paramref name="lockToken"/>.</summary>
    public void Lock(string lockToken) => locked[lockToken] = true;

    public override Task<Empty> Complete(CompleteRequest request, ServerCallContext context) =>
        SettleAsync(new ReceivedSettlement(nameof(Complete), request.Locktoken, Decode(ByteString.Empty)), context);

    public override Task<Empty> Abandon(AbandonRequest request, ServerCallContext context) =>
        SettleAsync(new ReceivedSettlement(nameof(Abandon), request.Locktoken, Decode(request.PropertiesToModify)), context);

    public override Task<Empty> Deadletter(DeadletterRequest request, ServerCallContext context) =>
        SettleAsync(new ReceivedSettlement(nameof(Deadletter), request.Locktoken, Decode(request.PropertiesToModify), request.DeadletterReason, request.DeadletterErrorDescription), context);

    public override Task<Empty> Defer(DeferRequest request, ServerCallContext context) =>
        SettleAsync(new ReceivedSettlement(nameof(Defer), request.Locktoken, Decode(request.PropertiesToModify)), context);

    public override async Task<Empty> RenewMessageLock(RenewMessageLockRequest request, ServerCallContext context)
    {
        await WaitAsync(context);
        Require(request.Locktoken);
        received.Enqueue(new ReceivedSettlement(nameof(RenewMessageLock), request.Locktoken, Decode(ByteString.Empty)));
        return new Empty();
    }

    private async Task<Empty> SettleAsync(ReceivedSettlement settlement, ServerCallContext context)
    {
        await WaitAsync(context);
        Require(settlement.LockToken);
        if (!locked.TryUpdate(settlement.LockToken, false, true))
        {
            throw new RpcException(new Status(StatusCode.Unknown, $"The message with lock token {settlement.LockToken} is already settled."));
        }

        received.Enqueue(settlement);
        return new Empty();
    }

    private Task WaitAsync(ServerCallContext context) =>
        Delay > TimeSpan.Zero ? Task.Delay(Delay, context.CancellationToken) : Task.CompletedTask;

    private void Require(string lockToken)
    {
        if (!locked.ContainsKey(lockToken))
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"LockToken {lockToken} not found."));
        }
    }

    private static Dictionary<string, object?> Decode(ByteString bytes)
    {
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (bytes.IsEmpty)
        {
            return properties;
        }

        var array = bytes.ToByteArray();
        using var buffer = new ByteBuffer(array, 0, array.Length);
        foreach (var pair in AmqpCodec.DecodeMap(buffer))
        {
            properties[pair.Key.ToString()!] = pair.Value;
        }

        return properties;
    }
}
