namespace Pipeline.Reconciliation;

/// <summary>
/// Sends a run's shards to its workers. Transport-neutral: the Storage-queue sender here; a Service Bus sender is an
/// adapter that sends each request's JSON with <see cref="ReconciliationShardRequest.MessageId"/> as its message id.
/// </summary>
public interface IReconciliationShardSender
{
    Task SendAsync(IReadOnlyList<ReconciliationShardRequest> shards, CancellationToken cancellationToken = default);
}
