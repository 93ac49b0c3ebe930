using Azure;
using Azure.Data.Tables;

namespace Pipeline.Disposal;

/// <summary>
/// A case's legal hold, <c>~hold</c> in the case's partition: a cache of the chain's last LegalHoldSet/LegalHoldCleared
/// record, changed only in the same transaction as that record. A disposal touches it (ETag-conditioned) in its own
/// transaction, so a hold set concurrently makes the disposal fail rather than slip through. A row with
/// <see cref="Active"/> false and no <see cref="ChangedBy"/> was created by a disposal's guard, not by a hold.
/// </summary>
public sealed class CaseHold : ITableEntity
{
    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public bool Active { get; set; }

    public string? Reason { get; set; }

    public string? ChangedBy { get; set; }

    public DateTimeOffset? ChangedAt { get; set; }
}
