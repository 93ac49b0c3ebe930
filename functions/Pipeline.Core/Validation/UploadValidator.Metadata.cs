namespace Pipeline.Validation;

/// <summary>The portal's blob metadata: sha256, uploadedby and documenttype, each present once, well formed and bounded.</summary>
public sealed partial class UploadValidator
{
    private static void ValidateMetadata(IReadOnlyDictionary<string, string> metadata, List<RejectionReason> reasons)
    {
        var sha = Find(metadata, Sha256MetadataKey, reasons);
        if (sha.Present)
        {
            if (sha.Value is null || sha.Value.Length != 64 || !sha.Value.All(char.IsAsciiHexDigit))
            {
                reasons.Add(new RejectionReason(ReasonCodes.InvalidMetadata, $"{Sha256MetadataKey} must be exactly 64 hexadecimal characters"));
            }
        }
        else
        {
            reasons.Add(new RejectionReason(ReasonCodes.MissingMetadata, $"{Sha256MetadataKey} is required"));
        }

        var uploadedBy = Find(metadata, UploadedByMetadataKey, reasons);
        if (uploadedBy.Present)
        {
            var value = uploadedBy.Value;
            if (value is null || value.Length is 0 or > MaxUploadedByLength || string.IsNullOrWhiteSpace(value)
                || value.Any(c => char.IsControl(c) || char.IsSurrogate(c)))
            {
                reasons.Add(new RejectionReason(ReasonCodes.InvalidMetadata, $"{UploadedByMetadataKey} must be 1-{MaxUploadedByLength} printable characters"));
            }
        }
        else
        {
            reasons.Add(new RejectionReason(ReasonCodes.MissingMetadata, $"{UploadedByMetadataKey} is required"));
        }

        var documentType = Find(metadata, DocumentTypeMetadataKey, reasons);
        if (documentType.Present)
        {
            var value = documentType.Value;
            if (value is null || value.Length is 0 or > MaxDocumentTypeLength
                || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '_' or '-'))
            {
                reasons.Add(new RejectionReason(ReasonCodes.InvalidMetadata, $"{DocumentTypeMetadataKey} must be 1-{MaxDocumentTypeLength} characters of A-Z, a-z, 0-9, space, '_' or '-'"));
            }
        }
    }

    // Keys are case-insensitive (as in Azure blob metadata); two spellings with different values are ambiguous.
    private static (bool Present, string? Value) Find(IReadOnlyDictionary<string, string> metadata, string key, List<RejectionReason> reasons)
    {
        string? found = null;
        var present = false;
        foreach (var (k, v) in metadata)
        {
            if (!string.Equals(k, key, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (present && !string.Equals(found, v, StringComparison.Ordinal))
            {
                reasons.Add(new RejectionReason(ReasonCodes.InvalidMetadata, $"{key} is given twice with different values"));
                return (true, found);
            }

            present = true;
            found = v;
        }

        return (present, found);
    }
}
