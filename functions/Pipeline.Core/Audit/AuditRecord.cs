using Azure;
using Azure.Data.Tables;

namespace Pipeline.Audit;

/// <summary>
/// One link of a case's audit chain, stored in the case's partition of the documents table under
/// <c>~audit~{sequence}</c>. <see cref="Hash"/> covers every field and <see cref="PreviousHash"/>, so editing or
/// deleting any record breaks the chain from that point on.
/// </summary>
public sealed class AuditRecord : ITableEntity
{
    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public long Sequence { get; set; }

    public string Kind { get; set; } = "";

    public string? DocumentId { get; set; }

    public string? Sha256 { get; set; }

    public string Detail { get; set; } = "";

    /// <summary>
    /// The facts of the document after this event, as canonical JSON (<see cref="Index.DocumentFacts"/>); null on
    /// events that do not define a document row and on records written before payloads existed. Hashed when present.
    /// </summary>
    public string? Facts { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    public string PreviousHash { get; set; } = "";

    public string Hash { get; set; } = "";
}
