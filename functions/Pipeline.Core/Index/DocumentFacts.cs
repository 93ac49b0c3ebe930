using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Pipeline.Index;

/// <summary>
/// Every fact that defines a document, as its audit events record them: the row is a cache of these. Written as
/// canonical JSON (fixed property order, no white space, UTC times to the millisecond, version <c>v</c>) into the
/// hashed <c>Facts</c> field of the events that create or change the row, so reconciliation can rebuild the row
/// from the chain and name every field that differs.
/// </summary>
public sealed record DocumentFacts
{
    public const int CurrentVersion = 1;

    /// <summary>Payload version; 0 for facts inferred from an audit record written before payloads existed (only the digest and state are known).</summary>
    public int Version { get; init; } = CurrentVersion;

    public string State { get; init; } = "";

    public string Sha256 { get; init; } = "";

    public string? Md5 { get; init; }

    public long Length { get; init; }

    public string ContentType { get; init; } = "";

    public string FileName { get; init; } = "";

    public string? DocumentType { get; init; }

    public string UploadedBy { get; init; } = "";

    public DateTimeOffset UploadedAt { get; init; }

    public string? EvidenceBlob { get; init; }

    public string? EvidenceETag { get; init; }

    public string IntakeBlob { get; init; } = "";

    public string? QuarantineBlob { get; init; }

    public bool IsLegacy => Version == 0;

    public static DocumentFacts Of(DocumentRecord row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new DocumentFacts
        {
            State = row.State,
            Sha256 = row.Sha256,
            Md5 = row.Md5,
            Length = row.Length,
            ContentType = row.ContentType,
            FileName = row.FileName,
            DocumentType = row.DocumentType,
            UploadedBy = row.UploadedBy,
            UploadedAt = row.UploadedAt,
            EvidenceBlob = row.EvidenceBlob,
            EvidenceETag = row.EvidenceETag,
            IntakeBlob = row.IntakeBlob,
            QuarantineBlob = row.QuarantineBlob,
        };
    }

    /// <summary>
    /// What a document's bytes are checked against: the chain's facts; for a document whose chain predates payloads,
    /// the row, with the digest and state the chain does record.
    /// </summary>
    public static DocumentFacts Pinned(DocumentFacts? chain, DocumentRecord row) =>
        chain is { IsLegacy: false } ? chain : Of(row) with { Sha256 = chain?.Sha256 ?? row.Sha256, State = chain?.State ?? row.State };

    /// <summary>Only what an audit record written before payloads existed says: the digest, and the state its kind implies.</summary>
    public static DocumentFacts Legacy(string sha256, string state) => new() { Version = 0, Sha256 = sha256, State = state };

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", CurrentVersion);
            writer.WriteString("state", State);
            writer.WriteString("sha256", Sha256);
            writer.WriteString("md5", Md5);
            writer.WriteNumber("length", Length);
            writer.WriteString("contentType", ContentType);
            writer.WriteString("fileName", FileName);
            writer.WriteString("documentType", DocumentType);
            writer.WriteString("uploadedBy", UploadedBy);
            writer.WriteString("uploadedAt", Canonical(UploadedAt));
            writer.WriteString("evidenceBlob", EvidenceBlob);
            writer.WriteString("evidenceETag", EvidenceETag);
            writer.WriteString("intakeBlob", IntakeBlob);
            writer.WriteString("quarantineBlob", QuarantineBlob);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads a payload this or an earlier version wrote; null when it is not one (never an exception).</summary>
    public static DocumentFacts? TryParse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("v", out var version) || !version.TryGetInt32(out var v) || v < 1)
            {
                return null;
            }

            return new DocumentFacts
            {
                Version = v,
                State = Text(root, "state") ?? "",
                Sha256 = Text(root, "sha256") ?? "",
                Md5 = Text(root, "md5"),
                Length = root.TryGetProperty("length", out var length) && length.TryGetInt64(out var l) ? l : -1,
                ContentType = Text(root, "contentType") ?? "",
                FileName = Text(root, "fileName") ?? "",
                DocumentType = Text(root, "documentType"),
                UploadedBy = Text(root, "uploadedBy") ?? "",
                UploadedAt = DateTimeOffset.TryParse(Text(root, "uploadedAt"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : default,
                EvidenceBlob = Text(root, "evidenceBlob"),
                EvidenceETag = Text(root, "evidenceETag"),
                IntakeBlob = Text(root, "intakeBlob") ?? "",
                QuarantineBlob = Text(root, "quarantineBlob"),
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The fields in which <paramref name="row"/> differs from these facts, each as "Field is X, the chain says Y".
    /// Facts from a record without a payload compare only what it knows (digest and state).
    /// </summary>
    public IReadOnlyList<string> Differences(DocumentRecord row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var differences = new List<string>();
        void Compare(string field, string? actual, string? expected)
        {
            if (!string.Equals(actual ?? "", expected ?? "", StringComparison.Ordinal))
            {
                differences.Add($"{field} is '{actual}', the chain says '{expected}'");
            }
        }

        Compare(nameof(DocumentRecord.State), row.State, State);
        Compare(nameof(DocumentRecord.Sha256), row.Sha256, Sha256);
        if (IsLegacy)
        {
            return differences;
        }

        Compare(nameof(DocumentRecord.Md5), row.Md5, Md5);
        Compare(nameof(DocumentRecord.Length), row.Length.ToString(CultureInfo.InvariantCulture), Length.ToString(CultureInfo.InvariantCulture));
        Compare(nameof(DocumentRecord.ContentType), row.ContentType, ContentType);
        Compare(nameof(DocumentRecord.FileName), row.FileName, FileName);
        Compare(nameof(DocumentRecord.DocumentType), row.DocumentType, DocumentType);
        Compare(nameof(DocumentRecord.UploadedBy), row.UploadedBy, UploadedBy);
        Compare(nameof(DocumentRecord.UploadedAt), Canonical(row.UploadedAt), Canonical(UploadedAt));
        Compare(nameof(DocumentRecord.EvidenceBlob), row.EvidenceBlob, EvidenceBlob);
        Compare(nameof(DocumentRecord.EvidenceETag), row.EvidenceETag?.Trim('"'), EvidenceETag?.Trim('"'));
        Compare(nameof(DocumentRecord.IntakeBlob), row.IntakeBlob, IntakeBlob);
        Compare(nameof(DocumentRecord.QuarantineBlob), row.QuarantineBlob, QuarantineBlob);
        return differences;
    }

    /// <summary>UTC to the millisecond: what every table implementation stores exactly.</summary>
    private static string Canonical(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
