using Azure;
using Azure.Data.Tables;
using Pipeline.Hosting;

namespace Pipeline.Index;

/// <summary>
/// Records an upload that did not become its document's row (a duplicate, conflicting or rejected re-use of a
/// document id): <c>~upload~{documentId}~{uploadKey}~{intake name hash}</c> in the case partition, added in the
/// same transaction as its audit record, so a re-run finds it and records nothing twice.
/// </summary>
public sealed class UploadMarker : ITableEntity
{
    public const string RowKeyPrefix = "~upload~";

    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string DocumentId { get; set; } = "";

    public string Outcome { get; set; } = "";

    public string? Sha256 { get; set; }

    public string IntakeBlob { get; set; } = "";

    /// <summary>Where its bytes are kept in quarantine; empty for a duplicate (its bytes are the document's).</summary>
    public string QuarantineBlob { get; set; } = "";

    /// <summary>An evidence blob this upload wrote before another upload won the document id; tracked here so it is not untracked.</summary>
    public string? EvidenceBlob { get; set; }

    public string? Reasons { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    public static string RowKeyFor(string documentId, string uploadKey, string intakeBlob) =>
        $"{RowKeyPrefix}{documentId}~{uploadKey}~{TextHash.Hex(intakeBlob, 16)}";
}
