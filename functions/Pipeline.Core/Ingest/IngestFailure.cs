using Azure;
using Azure.Data.Tables;
using Pipeline.Index;
using Pipeline.Intake;
using Pipeline.Hosting;
using Pipeline.Storage;

namespace Pipeline.Ingest;

/// <summary>
/// Ingest attempts of one intake blob that failed (an exception, not a rejection): in its case's partition (or
/// <c>~unroutable</c>) under <c>~failure~{name hash}</c>. The sweeper backs off by it, and reconciliation reports it
/// with the upload when it is stuck, so operators see why. Kept after a later success: nothing here deletes rows.
/// </summary>
public sealed class IngestFailure : ITableEntity
{
    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string IntakeBlob { get; set; } = "";

    /// <summary>The intake version that failed; a replaced upload starts counting again.</summary>
    public string? IntakeETag { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset FirstFailedAt { get; set; }

    public DateTimeOffset LastFailedAt { get; set; }

    public string LastError { get; set; } = "";

    public static string RowKeyFor(string intakeBlob) =>
        DocumentRowKeys.FailurePrefix + TextHash.Hex(intakeBlob, 40);

    /// <summary>Whether this record is about <paramref name="intakeETag"/> (the version now in intake).</summary>
    public bool IsFor(ETag? intakeETag) =>
        intakeETag is null || IntakeETag is null || string.Equals(IntakeETag, IntakeMarks.TagValue(intakeETag.Value), StringComparison.Ordinal);
}
