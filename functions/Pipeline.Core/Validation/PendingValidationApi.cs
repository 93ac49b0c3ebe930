// TEMPORARY: the validation branch provides the real types; this file is deleted before that merge.
#pragma warning disable CA1822
using System.Diagnostics.CodeAnalysis;

namespace Pipeline.Validation;

public sealed record RejectionReason(string Code, string Detail);

public static class ReasonCodes
{
    public const string DigestMismatch = "digest-mismatch";
    public const string DocumentConflict = "document-conflict";
    public const string EmptyFile = "empty-file";
    public const string TooLarge = "too-large";
}

public sealed record IntakePath(string CaseId, string UploadId, string FileName);

public static class IntakePathParser
{
    public static bool TryParse(string blobName, [NotNullWhen(true)] out IntakePath? path, [NotNullWhen(false)] out RejectionReason? reason)
    {
        var parts = blobName.Split('/');
        if (parts.Length == 3)
        {
            path = new IntakePath(parts[0], parts[1], parts[2]);
            reason = null;
            return true;
        }

        path = null;
        reason = new RejectionReason("invalid-path", blobName);
        return false;
    }
}

public sealed record UploadEnvelope(string BlobName, string? ContentType, long Length, IReadOnlyDictionary<string, string> Metadata);

public sealed class UploadValidator
{
    public IReadOnlyList<RejectionReason> ValidateEnvelope(UploadEnvelope envelope) => envelope.Length == 0 ? [new("empty-file", "")] : [];

    public Task<IReadOnlyList<RejectionReason>> ValidateContentAsync(Stream content, string declaredContentType, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<RejectionReason>>([]);

    public static string? NormaliseContentType(string? declared) => declared;
}
public static class ReasonCodesPending { }

public sealed class ValidationOptions
{
    public const string SectionName = "Pipeline:Validation";
}
