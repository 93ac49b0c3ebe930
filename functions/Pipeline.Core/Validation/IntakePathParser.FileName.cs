using System.Globalization;
using System.Text;

namespace Pipeline.Validation;

/// <summary>The file-name rules: length, characters, reserved names, normalisation (NFC) and mixed-script (confusable) words.</summary>
public static partial class IntakePathParser
{
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
