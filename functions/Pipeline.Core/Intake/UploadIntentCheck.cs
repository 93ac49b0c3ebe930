using Pipeline.Content;
using Pipeline.Validation;

namespace Pipeline.Intake;

/// <summary>
/// Holds an upload to the intent its portal declared for the same upload id: the bytes must be exactly what was
/// announced (length, type, digest, file name, uploader), otherwise the upload is rejected with
/// <see cref="ReasonCodes.IntentMismatch"/> naming every difference. An upload without an intent is judged as before.
/// </summary>
public static class UploadIntentCheck
{
    /// <summary>
    /// Every difference between the upload and its intent (read with the document row by
    /// <see cref="UploadIntents.ReadUploadIdAsync"/>); none when there is no intent.
    /// </summary>
    public static IReadOnlyList<RejectionReason> Check(
        UploadIntent? intent, IntakePath path, string? contentType, long length, IReadOnlyDictionary<string, string> metadata, ContentDigest? digest)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(metadata);
        if (intent is null)
        {
            return [];
        }

        var reasons = new List<RejectionReason>();
        void Differs(string what, object? declared, object? actual) =>
            reasons.Add(new RejectionReason(
                ReasonCodes.IntentMismatch,
                UntrustedText.Bound($"the upload intent declared {what} {declared ?? "(none)"}; the upload has {actual ?? "(none)"}", 512)));

        if (!string.Equals(intent.FileName, path.FileName, StringComparison.Ordinal))
        {
            Differs("file name", intent.FileName, path.FileName);
        }

        if (intent.Length != length)
        {
            Differs("length", intent.Length, length);
        }

        var type = UploadValidator.NormaliseContentType(contentType);
        if (!string.Equals(intent.ContentType, type, StringComparison.Ordinal))
        {
            Differs("content type", intent.ContentType, contentType);
        }

        if (digest is not null && !string.Equals(intent.Sha256, digest.Sha256, StringComparison.Ordinal))
        {
            Differs("sha256", intent.Sha256, digest.Sha256);
        }

        var uploadedBy = metadata.FirstOrDefault(m => string.Equals(m.Key, UploadValidator.UploadedByMetadataKey, StringComparison.OrdinalIgnoreCase)).Value;
        if (!string.Equals(intent.RequestedBy, uploadedBy, StringComparison.Ordinal))
        {
            Differs("uploader", intent.RequestedBy, uploadedBy);
        }

        var documentType = metadata.FirstOrDefault(m => string.Equals(m.Key, UploadValidator.DocumentTypeMetadataKey, StringComparison.OrdinalIgnoreCase)).Value;
        if (!string.Equals(intent.DocumentType ?? "", documentType ?? "", StringComparison.Ordinal))
        {
            Differs("document type", intent.DocumentType, documentType);
        }

        return reasons;
    }
}
