namespace Pipeline.Storage;

/// <summary>
/// Row-key layout of the documents table. Document ids use [A-Za-z0-9_-] only, so any key starting with '~'
/// (which sorts after all of them) belongs to another row kind and can never collide with a document.
/// </summary>
public static class DocumentRowKeys
{
    /// <summary>Every non-document row key starts with this.</summary>
    public const string MetaPrefix = "~";

    /// <summary>Audit records: <c>~audit~{sequence:D12}</c>, in chain order.</summary>
    public const string AuditPrefix = "~audit~";

    /// <summary>The case head: last audit sequence number and hash, updated in the same transaction as each record.</summary>
    public const string CaseHead = "~head";

    /// <summary>Failed ingest attempts of one intake blob: <c>~failure~{intake name hash}</c> (see <c>IngestFailure</c>).</summary>
    public const string FailurePrefix = "~failure~";

    /// <summary>Upload intents a portal declared before uploading: <c>~intent~{uploadId}</c> (see <c>UploadIntent</c>).</summary>
    public const string IntentPrefix = "~intent~";

    /// <summary>The case's legal hold (see <c>Disposal.CaseHold</c>): set and cleared only with an audit record.</summary>
    public const string LegalHold = "~hold";

    /// <summary>Partition for rejected uploads whose intake path has no usable case id.</summary>
    public const string UnroutablePartition = "~unroutable";

    public static string Audit(long sequence) => AuditPrefix + sequence.ToString("D12", System.Globalization.CultureInfo.InvariantCulture);

    public static string Intent(string uploadId) => IntentPrefix + uploadId;

    public static bool IsDocument(string rowKey) => !rowKey.StartsWith(MetaPrefix, StringComparison.Ordinal);

    public static bool IsAudit(string rowKey) => rowKey.StartsWith(AuditPrefix, StringComparison.Ordinal);
}
