namespace Pipeline.Validation;

/// <summary>
/// The stable, kebab-case codes written into quarantine records. Never rename one: reports and
/// downstream tooling match on them.
/// </summary>
public static class ReasonCodes
{
    /// <summary>The blob name is not exactly "{caseId}/{uploadId}/{fileName}" or uses an encoding trick.</summary>
    public const string InvalidPath = "invalid-path";

    /// <summary>The case id segment breaks the case id alphabet or length.</summary>
    public const string InvalidCaseId = "invalid-case-id";

    /// <summary>The upload id segment breaks the upload id alphabet or length.</summary>
    public const string InvalidUploadId = "invalid-upload-id";

    /// <summary>The file name segment is unsafe or ambiguous (reserved, control chars, not NFC, ...).</summary>
    public const string InvalidFileName = "invalid-file-name";

    /// <summary>A required metadata key is absent.</summary>
    public const string MissingMetadata = "missing-metadata";

    /// <summary>A metadata value is present but malformed.</summary>
    public const string InvalidMetadata = "invalid-metadata";

    /// <summary>The upload has zero bytes.</summary>
    public const string EmptyFile = "empty-file";

    /// <summary>The upload is larger than the configured maximum.</summary>
    public const string TooLarge = "too-large";

    /// <summary>The declared content type is missing or not one the pipeline accepts.</summary>
    public const string UnsupportedType = "unsupported-type";

    /// <summary>The bytes are not the declared type (magic bytes or package kind disagree).</summary>
    public const string TypeMismatch = "type-mismatch";

    /// <summary>The bytes are the declared type but structurally broken or truncated.</summary>
    public const string Malformed = "malformed";

    /// <summary>The document is password-protected or encrypted, so its content cannot be preserved as readable evidence.</summary>
    public const string Encrypted = "encrypted";

    /// <summary>The archive exceeds the entry, size or compression-ratio limits, or its sizes lie.</summary>
    public const string ZipBomb = "zip-bomb";

    /// <summary>A text upload is not valid UTF-8, contains NUL bytes, or (CSV) looks binary.</summary>
    public const string InvalidTextEncoding = "invalid-text-encoding";

    /// <summary>The bytes do not hash to the SHA-256 the portal declared: altered or truncated in transit.</summary>
    public const string DigestMismatch = "digest-mismatch";

    /// <summary>The document would run something when opened: JavaScript, a launch action or RichMedia in a PDF.</summary>
    public const string ActiveContent = "active-content";

    /// <summary>The document id already holds other bytes; the new upload is kept beside it, never over it.</summary>
    public const string DocumentConflict = "document-conflict";

    /// <summary>The upload differs from the intent the portal declared for its upload id (length, type, digest, name or uploader).</summary>
    public const string IntentMismatch = "intent-mismatch";

    /// <summary>Every code above, for exhaustive checks in reports and tests.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        InvalidPath, InvalidCaseId, InvalidUploadId, InvalidFileName, MissingMetadata, InvalidMetadata,
        EmptyFile, TooLarge, UnsupportedType, TypeMismatch, Malformed, Encrypted, ZipBomb, InvalidTextEncoding,
        DigestMismatch, DocumentConflict, IntentMismatch, ActiveContent,
    ];
}
