using Azure;
using Azure.Data.Tables;

namespace Pipeline.Audit;

/// <summary>
/// The tip of a case's audit chain (<c>~head</c>). Every append updates it with an ETag condition in the same
/// transaction as the record, which serialises appends per case and makes a deleted tail record detectable.
/// </summary>
public sealed class CaseHead : ITableEntity
{
    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public long Sequence { get; set; }

    public string LastHash { get; set; } = "";
}
