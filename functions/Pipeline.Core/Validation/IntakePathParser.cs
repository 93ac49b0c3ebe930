using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Pipeline.Validation;

/// <summary>
/// Parses intake blob names. Strict on purpose: one document must have exactly one spelling, so any name a
/// layer could decode or normalise into something else is refused rather than guessed at.
/// </summary>
public static class IntakePathParser
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

    private static RejectionReason? CheckFileName(string name)
    {
        static RejectionReason Bad(string detail) => new(ReasonCodes.InvalidFileName, detail);

        if (name.Length > MaxFileNameLength)
        {
            return Bad($"file name is {name.Length} characters; at most {MaxFileNameLength} allowed");
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsControl(c))
            {
                return Bad($"file name contains control character U+{(int)c:X4}");
            }

            // A lone surrogate is not Unicode text at all (and cannot be normalised).
            if (char.IsHighSurrogate(c) && (i + 1 >= name.Length || !char.IsLowSurrogate(name[i + 1])))
            {
                return Bad($"file name contains an unpaired surrogate at index {i}");
            }

            if (char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(name[i - 1])))
            {
                return Bad($"file name contains an unpaired surrogate at index {i}");
            }

            // Invisible formatting: a right-to-left override shows "invoice\u202Efdp.exe" as "invoiceexe.pdf"; zero-width
            // characters make two names that look the same.
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                return Bad($"file name contains invisible formatting character U+{(int)c:X4}");
            }
        }

        if (MixedScriptWord(name) is { } word)
        {
            return Bad($"file name mixes Latin, Greek or Cyrillic letters in the word '{word}'; such confusable spellings pass for another name");
        }

        if (name[0] == '.')
        {
            return Bad("file name must not start with '.'");
        }

        if (name[^1] is ' ' or '.')
        {
            return Bad("file name must not end with a space or '.'");
        }

        if (!IsNfc(name))
        {
            return Bad("file name is not NFC-normalised Unicode; two spellings of one name would become two documents");
        }

        // Windows ignores the extension and trailing spaces when it matches reserved device names.
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var stem = (dot < 0 ? name : name[..dot]).TrimEnd(' ');
        if (ReservedWindowsNames.Contains(stem))
        {
            return Bad($"file name uses the reserved Windows device name '{stem}'");
        }

        return null;
    }

    /// <summary>
    /// The first run of letters that mixes the Latin, Greek and Cyrillic scripts (UTS #39's mixed-script test, for the
    /// scripts whose letters look alike: "pаypal" with a Cyrillic 'а'); words in different scripts are fine.
    /// </summary>
    private static string? MixedScriptWord(string name)
    {
        var start = 0;
        var scripts = 0;
        for (var i = 0; i <= name.Length; i++)
        {
            if (i < name.Length && char.IsLetter(name[i]))
            {
                scripts |= ScriptOf(name[i]);
                continue;
            }

            if (scripts is not (0 or 1 or 2 or 4))
            {
                return name[start..i];
            }

            start = i + 1;
            scripts = 0;
        }

        return null;
    }

    private static int ScriptOf(char c) => c switch
    {
        (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '\u00C0' and <= '\u024F') or (>= '\u1E00' and <= '\u1EFF') => 1,
        (>= '\u0370' and <= '\u03FF') or (>= '\u1F00' and <= '\u1FFF') => 2,
        >= '\u0400' and <= '\u052F' => 4,
        _ => 0,
    };

    private static bool IsNfc(string name)
    {
        if (RuntimeNormalises)
        {
            return name.IsNormalized(NormalizationForm.FormC);
        }

        // Fallback without ICU: refuse what NFD/decomposed spellings are made of in practice (macOS file names):
        // combining diacritics U+0300-U+036F, conjoining Hangul jamo, and the canonical singletons that NFC
        // always replaces (Angstrom, Ohm, Kelvin signs, Greek tonos/ano teleia forms). May refuse a rare NFC name
        // with a combining diacritic on a letter that has no precomposed form; a refusal is a quarantine, not a loss.
        foreach (var c in name)
        {
            if (c is >= '\u0300' and <= '\u036F' or >= '\u1100' and <= '\u11FF'
                or '\u212B' or '\u2126' or '\u212A' or '\u0340' or '\u0341' or '\u0343' or '\u0344' or '\u0374' or '\u037E' or '\u0387')
            {
                return false;
            }
        }

        return true;
    }

    private static HashSet<string> CreateReservedNames()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$" };
        // COM0/LPT0 and the superscript digits are reserved too on current Windows.
        foreach (var digit in "0123456789\u00B9\u00B2\u00B3")
        {
            names.Add("COM" + digit.ToString(CultureInfo.InvariantCulture));
            names.Add("LPT" + digit.ToString(CultureInfo.InvariantCulture));
        }

        return names;
    }
}
