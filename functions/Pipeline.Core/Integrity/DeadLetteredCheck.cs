namespace Pipeline.Integrity;

/// <summary>A check set aside by its transport (Service Bus dead-letter queue, Storage poison queue), as operators see it.</summary>
/// <param name="Id">What <c>dlq replay</c> takes: the dead-letter sequence number (Service Bus) or the poison message id (Storage).</param>
public sealed record DeadLetteredCheck(
    string Id, string? Reason, string? Description, int DeliveryCount, DateTimeOffset EnqueuedAt, string? CaseId, string? DocumentId, string Body);

/// <summary>Lists and replays dead-lettered checks; one implementation per transport.</summary>
public interface IDeadLetteredChecks
{
    /// <summary>Where they are, for reports and the operations page: <c>{queue}/$DeadLetterQueue</c> or <c>{queue}-poison</c>.</summary>
    string Location { get; }

    /// <summary>Up to <paramref name="max"/> dead-lettered checks, oldest first, without taking them.</summary>
    Task<IReadOnlyList<DeadLetteredCheck>> ListAsync(int max = 1000, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends the named (or, with null, all) dead-lettered checks to the main queue as replays, then removes the dead-lettered
    /// copy: re-sent before removed, so nothing is lost; a replay's message id is fixed by the dead-lettered copy, so a
    /// replay repeated after a crash is dropped by duplicate detection rather than doubled. Returns the replayed ids.
    /// </summary>
    Task<IReadOnlyList<string>> ReplayAsync(IReadOnlyCollection<string>? ids, CancellationToken cancellationToken = default);
}
