using Azure.Messaging.ServiceBus;

namespace Pipeline.Integrity;

/// <summary>
/// Service Bus transport. Messages are claim checks (ids and the digest); <c>MessageId</c> is the request's, so the
/// queue's duplicate detection drops a re-sent request and never a later one (<see cref="IntegrityCheckRequest.MessageId"/>).
/// Many requests go out in <see cref="ServiceBusMessageBatch"/>es, a new batch started whenever one is full.
/// </summary>
public sealed class ServiceBusCheckSender(ServiceBusSender sender) : IIntegrityCheckSender
{
    public const string KindProperty = "checkKind";
    public const string RunIdProperty = "runId";
    public const string CaseIdProperty = "caseId";
    public const string DocumentIdProperty = "documentId";
    public const string Subject = "integrity-check";

    public Task EnqueueAsync(IntegrityCheckRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return sender.SendMessageAsync(ToMessage(request), cancellationToken);
    }

    /// <summary>Sends in batches; returns how many batches it took.</summary>
    public async Task<int> SendBatchedAsync(IEnumerable<IntegrityCheckRequest> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var batches = 0;
        var batch = await sender.CreateMessageBatchAsync(cancellationToken);
        try
        {
            foreach (var request in requests)
            {
                var message = ToMessage(request);
                if (batch.TryAddMessage(message))
                {
                    continue;
                }

                if (batch.Count == 0)
                {
                    throw new InvalidOperationException($"The check for {request.CaseId}/{request.DocumentId} does not fit in an empty batch of {batch.MaxSizeInBytes} bytes.");
                }

                await sender.SendMessagesAsync(batch, cancellationToken);
                batches++;
                batch.Dispose();
                batch = await sender.CreateMessageBatchAsync(cancellationToken);
                if (!batch.TryAddMessage(message))
                {
                    throw new InvalidOperationException($"The check for {request.CaseId}/{request.DocumentId} does not fit in an empty batch of {batch.MaxSizeInBytes} bytes.");
                }
            }

            if (batch.Count > 0)
            {
                await sender.SendMessagesAsync(batch, cancellationToken);
                batches++;
            }
        }
        finally
        {
            batch.Dispose();
        }

        return batches;
    }

    /// <summary>A message per request (its own id, so duplicate detection and settlement stay per check), sent in batches.</summary>
    public async Task EnqueueBatchAsync(IReadOnlyList<IntegrityCheckRequest> requests, CancellationToken cancellationToken = default) =>
        await SendBatchedAsync(requests, cancellationToken);

    public static ServiceBusMessage ToMessage(IntegrityCheckRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ServiceBusMessage(BinaryData.FromString(request.ToJson()))
        {
            MessageId = request.MessageId,
            ContentType = "application/json",
            Subject = Subject,
            ApplicationProperties =
            {
                [KindProperty] = request.Kind,
                [RunIdProperty] = request.RunId,
                [CaseIdProperty] = request.CaseId,
                [DocumentIdProperty] = request.DocumentId,
            },
        };
    }
}
