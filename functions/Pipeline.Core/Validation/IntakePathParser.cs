using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Pipeline.Validation;

/// <summary>
/// Parses intake blob names. Strict on purpose: one document must have exactly one spelling, so any name a
/// layer could decode or normalise into something else is refused rather than guessed at.
/// </summary>
public static partial class IntakePathParser
{
    /// <summary>Longest case id and upload id (table keys stay short and predictable).</summary>
    public const int MaxIdLength = 64;

    /// <summary>Longest file name in UTF-16 code units (the common file system limit).</summary>
    public const int MaxFileNameLength = 255;

    private static readonly HashSet<string> ReservedWindowsNames = CreateReservedNames();

    // With InvariantGlobalization (this repo's setting) .NET has no normalisation data: IsNormalized silently
    // answers true for everything. Probe once and fall back to a conservative check when that is the case.
    private static readonly bool RuntimeNormalises = !"e\u0301".IsNormalized(NormalizationForm.FormC);

    /// <summary>Splits "{caseId}/{uploadId}/{fileName}" into its parts.</summary>
    /// <param name="blobName">The intake blob name.</param>
    /// <param name="path">The parts, when the name is valid.</param>
    /// <param name="reason">Why the name was refused, when it is not.</param>
    /// <returns>True when the name is valid.</returns>
    public static bool TryParse(
        string blobName,
        [NotNullWhen(true)] out IntakePath? path,
        [NotNullWhen(false)] out RejectionReason? reason)
    {
        path = null;
        if (string.IsNullOrEmpty(blobName))
        {
            reason = new RejectionReason(ReasonCodes.InvalidPath, "blob name is empty");
            return false;
        }

        reason = CheckWholeName(blobName);
        if (reason is not null)
        {
            return false;
        }

        var segments = blobName.Split('/');
        if (segments.Length != 3)
        {
            reason = new RejectionReason(
                ReasonCodes.InvalidPath,
                $"expected exactly 3 segments '{{caseId}}/{{uploadId}}/{{fileName}}', found {segments.Length}");
            return false;
        }

        if (Array.Exists(segments, s => s.Length == 0))
        {
            reason = new RejectionReason(ReasonCodes.InvalidPath, "blob name has an empty segment");
            return false;
        }

        reason = CheckId(segments[0], ReasonCodes.InvalidCaseId, "case id", restrictFirstChar: true)
            ?? CheckId(segments[1], ReasonCodes.InvalidUploadId, "upload id", restrictFirstChar: false)
            ?? CheckFileName(segments[2]);
        if (reason is not null)
        {
            return false;
        }

        path = new IntakePath(segments[0], segments[1], segments[2]);
        return true;
    }

    /// <summary>
    /// The case id of a name that is otherwise invalid (a bad upload id or file name), so the rejection can be filed
    /// and audited under its case rather than as unroutable. False when the first segment is not a valid case id.
    /// </summary>
    public static bool TryGetCaseId(string blobName, [NotNullWhen(true)] out string? caseId)
    {
        caseId = null;
        var slash = string.IsNullOrEmpty(blobName) ? -1 : blobName.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || CheckId(blobName[..slash], ReasonCodes.InvalidCaseId, "case id", restrictFirstChar: true) is not null)
        {
            return false;
        }

        caseId = blobName[..slash];
        return true;
    }

    private static RejectionReason? CheckWholeName(string blobName)
    {
        if (blobName.Contains('\\', StringComparison.Ordinal))
        {
            return new RejectionReason(ReasonCodes.InvalidPath, "blob name contains a backslash");
        }

        // Any percent-escape could be decoded by some layer into '/', '.', or another spelling of the same name.
        for (var i = 0; i + 2 < blobName.Length; i++)
        {
            if (blobName[i] == '%' && char.IsAsciiHexDigit(blobName[i + 1]) && char.IsAsciiHexDigit(blobName[i + 2]))
            {
                return new RejectionReason(
                    ReasonCodes.InvalidPath,
                    $"blob name contains a percent-encoded sequence '{blobName.Substring(i, 3)}'");
            }
        }

        foreach (var segment in blobName.Split('/'))
        {
            if (segment is "." or "..")
            {
                return new RejectionReason(ReasonCodes.InvalidPath, $"blob name contains a '{segment}' segment");
            }
        }

        return null;
    }

    private static RejectionReason? CheckId(string value, string code, string what, bool restrictFirstChar)
    {
        if (value.Length > MaxIdLength)
        {
            return new RejectionReason(code, $"{what} is {value.Length} characters; at most {MaxIdLength} allowed");
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return new RejectionReason(
                    code,
                    $"{what} contains U+{(int)c:X4}; only A-Z, a-z, 0-9, '-' and '_' are allowed");
            }
        }

        if (restrictFirstChar && value[0] is '-' or '_')
        {
            return new RejectionReason(code, $"{what} must start with a letter or digit");
        }

        // Ids become folder names wherever evidence is exported; Windows cannot create these.
        if (ReservedWindowsNames.Contains(value))
        {
            return new RejectionReason(code, $"{what} is the reserved Windows device name '{value}'");
        }

        return null;
    }
}
