using System.ComponentModel.DataAnnotations;
using Azure;
using Azure.Data.Tables;

namespace Pipeline.Index;

/// <summary>
/// One document of a case: PartitionKey = case id, RowKey = document id (the portal's upload id).
/// The digest, length, ETag and Content-MD5 pin exactly which bytes were accepted; nothing ever rewrites them.
/// The row is a cache of the document's audit chain (<see cref="DocumentFacts"/>), which reconciliation compares it
/// with. Read through <see cref="Storage.TableRowReader"/>: a property added later must be nullable.
/// </summary>
public sealed class DocumentRecord : ITableEntity
{
    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary>SHA-256 of the accepted bytes, 64 lowercase hex characters.</summary>
    [MaxLength(64)]
    public string Sha256 { get; set; } = "";

    /// <summary>Content-MD5 of the accepted bytes (base64), as the storage service and blob inventory report it.</summary>
    [MaxLength(24)]
    public string? Md5 { get; set; }

    public long Length { get; set; }

    public string ContentType { get; set; } = "";

    public string FileName { get; set; } = "";

    public string? DocumentType { get; set; }

    /// <summary>Blob name in the evidence container (empty for rejected uploads).</summary>
    public string? EvidenceBlob { get; set; }

    /// <summary>ETag the evidence blob had when it was created; a different ETag later means it was rewritten.</summary>
    public string? EvidenceETag { get; set; }

    /// <summary>One of <see cref="DocumentStates"/>.</summary>
    [MaxLength(16)]
    public string State { get; set; } = DocumentStates.Stored;

    public string UploadedBy { get; set; } = "";

    /// <summary>When the upload landed in intake (the intake blob's creation time).</summary>
    public DateTimeOffset UploadedAt { get; set; }

    /// <summary>When the pipeline committed this row.</summary>
    public DateTimeOffset IngestedAt { get; set; }

    /// <summary>When an integrity check last found the bytes intact.</summary>
    public DateTimeOffset? LastVerifiedAt { get; set; }

    /// <summary>When an integrity check last ran, whatever it found.</summary>
    public DateTimeOffset? LastCheckedAt { get; set; }

    /// <summary>What the last integrity check found, in words.</summary>
    public string? LastCheckDetail { get; set; }

    /// <summary>The intake blob this document came from.</summary>
    public string IntakeBlob { get; set; } = "";

    /// <summary>Where a rejected upload's bytes are kept, in the quarantine container.</summary>
    public string? QuarantineBlob { get; set; }

    /// <summary>
    /// Which upload version made this row: its SHA-256, or an ETag-derived key when it was rejected unread.
    /// With <see cref="IntakeBlob"/> it tells a re-run of the same upload from another upload under the same id.
    /// </summary>
    public string? UploadKey { get; set; }

    /// <summary>Rejection reasons as a JSON array of {code, detail}.</summary>
    public string? Reasons { get; set; }

    /// <summary>True once the first integrity check was queued, so a re-run does not queue it again.</summary>
    public bool CheckEnqueued { get; set; }

    public string CaseId => PartitionKey;

    /// <summary>True when this row was made from exactly this intake blob version.</summary>
    public bool IsFrom(string intakeBlob, string uploadKey) =>
        string.Equals(IntakeBlob, intakeBlob, StringComparison.Ordinal)
        && string.Equals(UploadKey ?? Sha256, uploadKey, StringComparison.Ordinal);

    public string DocumentId => RowKey;
}
