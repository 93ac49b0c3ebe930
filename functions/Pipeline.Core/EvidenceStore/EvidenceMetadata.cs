namespace Pipeline.EvidenceStore;

/// <summary>Metadata keys on evidence and quarantine blobs. Values are ASCII; free text is percent-encoded.</summary>
public static class EvidenceMetadata
{
    public const string Sha256 = "sha256";
    public const string CaseId = "caseid";
    public const string DocumentId = "documentid";
    public const string UploadedBy = "uploadedby";
    public const string IntakeBlob = "intakeblob";
    public const string Reasons = "reasons";

    public static string Encode(string value) => Uri.EscapeDataString(value);

    public static string Decode(string value) => Uri.UnescapeDataString(value);

    public static string? Find(IDictionary<string, string>? metadata, string key)
    {
        if (metadata is null)
        {
            return null;
        }

        foreach (var pair in metadata)
        {
            if (string.Equals(pair.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return pair.Value;
            }
        }

        return null;
    }
}
