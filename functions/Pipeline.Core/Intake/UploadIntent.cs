using Azure;
using Azure.Data.Tables;
using Pipeline.Storage;

namespace Pipeline.Intake;

/// <summary>
/// What a portal declared it is about to upload, recorded (with its audit record) before it gets a SAS:
/// <c>~intent~{uploadId}</c> in the case partition. Never rewritten: whether its bytes arrived is read from the
/// document row or upload record its upload led to, so the intent and its outcome cannot disagree.
/// </summary>
public sealed class UploadIntent : ITableEntity
{
    /// <summary>The state an intent is recorded in. What became of it is <see cref="UploadIntentStatus"/>.</summary>
    public const string PendingState = "Pending";

    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string UploadId { get; set; } = "";

    public string FileName { get; set; } = "";

    /// <summary>The normalised media type the upload must declare.</summary>
    public string ContentType { get; set; } = "";

    public long Length { get; set; }

    /// <summary>SHA-256 the bytes must hash to, 64 lowercase hex characters.</summary>
    public string Sha256 { get; set; } = "";

    public string? DocumentType { get; set; }

    /// <summary>The authenticated caller that declared it; the upload must name the same uploader.</summary>
    public string RequestedBy { get; set; } = "";

    public string State { get; set; } = PendingState;

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When its SAS expires: no bytes can arrive after this.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public string CaseId => PartitionKey;

    /// <summary>The intake blob name its SAS allows: <c>{caseId}/{uploadId}/{fileName}</c>.</summary>
    public string IntakeBlob => $"{PartitionKey}/{UploadId}/{FileName}";

    public static string RowKeyFor(string uploadId) => DocumentRowKeys.Intent(uploadId);
}
