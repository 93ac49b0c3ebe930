using System.Globalization;
using System.Text;

namespace Pipeline.Bundles;

/// <summary>
/// Names in a case bundle (a BagIt bag, RFC 8493) and the rule that maps an uploader's file name to a payload path.
/// File names come from uploaders, so they are never trusted as paths: each document gets its own folder named by its
/// document id (<c>[A-Za-z0-9_-]</c> only), and the file name inside it keeps letters, digits and <c>space . - _ ( ) + , =</c>;
/// anything else (separators, <c>..</c>, control and reserved characters) becomes <c>_</c>, leading and trailing dots
/// and spaces are dropped, Windows device names get a leading <c>_</c>, the name is cut to 150 UTF-8 bytes (keeping
/// its extension) and an empty result is <c>document</c>. The original name is in <c>case-manifest.json</c>.
/// </summary>
public static class BagLayout
{
    public const string BagDeclaration = "bagit.txt";
    public const string BagInfo = "bag-info.txt";
    public const string PayloadManifest = "manifest-sha256.txt";
    public const string TagManifest = "tagmanifest-sha256.txt";
    public const string CaseManifest = "case-manifest.json";
    public const string AuditChain = "audit-chain.jsonl";
    public const string PayloadDirectory = "data";

    /// <summary>The tag files every case bundle has, besides the tag manifest that lists them.</summary>
    public static IReadOnlyList<string> TagFiles { get; } = [BagDeclaration, BagInfo, PayloadManifest, CaseManifest, AuditChain];

    private const int MaxFileNameBytes = 150;
    private static readonly string[] DeviceNames =
        ["CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9"];

    /// <summary>The payload path of a document, relative to the bag, with '/' separators.</summary>
    public static string PayloadPath(string documentId, string? fileName) =>
        $"{PayloadDirectory}/{SafeSegment(documentId, "document")}/{SafeSegment(fileName, "document")}";

    /// <summary>One path segment that is safe on every file system and cannot escape its folder.</summary>
    public static string SafeSegment(string? name, string fallback)
    {
        var normalised = (name ?? "").Normalize(NormalizationForm.FormC);
        var builder = new StringBuilder(normalised.Length);
        foreach (var rune in normalised.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            var allowed = Rune.IsLetterOrDigit(rune) || category == UnicodeCategory.NonSpacingMark
                || rune.Value is ' ' or '.' or '-' or '_' or '(' or ')' or '+' or ',' or '=';
            builder.Append(allowed ? rune.ToString() : "_");
        }

        var safe = builder.ToString().Trim(' ', '.');
        if (safe.Length == 0)
        {
            return fallback;
        }

        var stem = safe.Split('.')[0].TrimEnd(' ');
        if (DeviceNames.Contains(stem, StringComparer.OrdinalIgnoreCase))
        {
            safe = "_" + safe;
        }

        return Truncate(safe);
    }

    /// <summary>RFC 8493 2.1.3: in a manifest line, only CR, LF and '%' of a path are percent-encoded.</summary>
    public static string EncodeManifestPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);
    }

    public static string DecodeManifestPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.Replace("%0D", "\r", StringComparison.OrdinalIgnoreCase).Replace("%0A", "\n", StringComparison.OrdinalIgnoreCase).Replace("%25", "%", StringComparison.Ordinal);
    }

    /// <summary>
    /// The full path of a manifest entry inside <paramref name="bagDirectory"/>, or null with a reason when the entry is
    /// absolute, uses '\', has an empty, '.' or '..' segment, or would resolve outside the bag: such a path is never opened.
    /// </summary>
    public static string? Resolve(string bagDirectory, string relativePath, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(bagDirectory);
        ArgumentNullException.ThrowIfNull(relativePath);
        problem = null;
        var segments = relativePath.Split('/');
        if (relativePath.Length == 0 || relativePath.Contains('\\', StringComparison.Ordinal) || relativePath.Contains('\0', StringComparison.Ordinal)
            || Path.IsPathRooted(relativePath) || segments.Any(s => s is "" or "." or ".."))
        {
            problem = "the path is not a plain relative path inside the bag";
            return null;
        }

        var root = Path.GetFullPath(bagDirectory);
        var full = Path.GetFullPath(Path.Combine(root, relativePath));
        if (!full.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            problem = "the path resolves outside the bag";
            return null;
        }

        return full;
    }

    private static string Truncate(string name)
    {
        if (Encoding.UTF8.GetByteCount(name) <= MaxFileNameBytes)
        {
            return name;
        }

        var dot = name.LastIndexOf('.');
        var extension = dot > 0 && name.Length - dot <= 16 ? name[dot..] : "";
        var stem = extension.Length > 0 ? name[..dot] : name;
        var budget = MaxFileNameBytes - Encoding.UTF8.GetByteCount(extension);
        var builder = new StringBuilder();
        foreach (var rune in stem.EnumerateRunes())
        {
            if (Encoding.UTF8.GetByteCount(builder.ToString()) + rune.Utf8SequenceLength > budget)
            {
                break;
            }

            builder.Append(rune.ToString());
        }

        return builder.ToString().TrimEnd(' ', '.') + extension;
    }
}
