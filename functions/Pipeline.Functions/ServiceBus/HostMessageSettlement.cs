using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Functions.ServiceBus.HostSettlement;

namespace Pipeline.Functions.ServiceBus;

/// <summary>
/// Settles messages through the Functions host: the host-side Service Bus extension serves <c>Settlement</c> on the same
/// gRPC endpoint the worker already talks to, and applies each call to the message it holds under that lock token (the
/// message it is running this invocation for). It is the isolated worker's only way to settle explicitly, since the worker
/// never holds a Service Bus receiver itself.
/// </summary>
internal sealed partial class HostMessageSettlement(
    Settlement.SettlementClient client,
    IOptions<HostSettlementOptions> options,
    TimeProvider time,
    ILogger<HostMessageSettlement> logger) : IMessageSettlement
{
    public Task<bool> CompleteAsync(string lockToken, CancellationToken cancellationToken = default) =>
        CallAsync(nameof(Settlement.SettlementClient.Complete), lockToken, call => client.CompleteAsync(new CompleteRequest { Locktoken = lockToken }, call), cancellationToken);

    public Task<bool> AbandonAsync(string lockToken, IReadOnlyDictionary<string, string>? propertiesToModify = null, CancellationToken cancellationToken = default)
    {
        var request = new AbandonRequest { Locktoken = lockToken, PropertiesToModify = SettlementPropertyMap.Encode(propertiesToModify) };
        return CallAsync(nameof(Settlement.SettlementClient.Abandon), lockToken, call => client.AbandonAsync(request, call), cancellationToken);
    }

    public Task<bool> DeadLetterAsync(string lockToken, string reason, string description, IReadOnlyDictionary<string, string>? propertiesToModify = null, CancellationToken cancellationToken = default)
    {
        var request = new DeadletterRequest
        {
            Locktoken = lockToken,
            PropertiesToModify = SettlementPropertyMap.Encode(propertiesToModify),
            DeadletterReason = reason,
            DeadletterErrorDescription = description,
        };
        return CallAsync(nameof(Settlement.SettlementClient.Deadletter), lockToken, call => client.DeadletterAsync(request, call), cancellationToken);
    }

    public Task<bool> DeferAsync(string lockToken, IReadOnlyDictionary<string, string>? propertiesToModify = null, CancellationToken cancellationToken = default)
    {
        var request = new DeferRequest { Locktoken = lockToken, PropertiesToModify = SettlementPropertyMap.Encode(propertiesToModify) };
        return CallAsync(nameof(Settlement.SettlementClient.Defer), lockToken, call => client.DeferAsync(request, call), cancellationToken);
    }

    public Task<bool> RenewLockAsync(string lockToken, CancellationToken cancellationToken = default) =>
        CallAsync(nameof(Settlement.SettlementClient.RenewMessageLock), lockToken, call => client.RenewMessageLockAsync(new RenewMessageLockRequest { Locktoken = lockToken }, call), cancellationToken);

    private async Task<bool> CallAsync(string operation, string lockToken, Func<CallOptions, AsyncUnaryCall<Empty>> call, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(lockToken);
        var deadline = time.GetUtcNow().UtcDateTime + options.Value.Timeout;
        try
        {
            await call(new CallOptions(deadline: deadline, cancellationToken: cancellationToken));
            Log.Settled(logger, operation, lockToken);
            return true;
        }
        catch (RpcException ex)
        {
            // The host refused (lock token unknown: the lock was lost or the invocation already ended), could not be reached,
            // or ran out of time. Either way the message still holds its lock on the broker: when that lock expires Service
            // Bus delivers the message again, and the idempotent handler repeats the outcome.
            Log.Failed(logger, operation, lockToken, ex.StatusCode, ex.Status.Detail, ex);
            return false;
        }
    }
}
