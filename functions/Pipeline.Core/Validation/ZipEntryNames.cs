namespace Pipeline.Validation;

/// <summary>
/// Entry names a zip-based package (OOXML) may use. OPC part names are absolute URIs of non-empty segments without
/// '.' or '..' (ECMA-376 Part 2, 6.2.2), stored in the zip without the leading '/'. A name that climbs out of the
/// folder it is unpacked into (zip-slip: "../../evil.txt", "/etc/x", "C:\x", "..\x") is a trap for whoever unzips the
/// evidence, and no genuine package has one; nor does a genuine package hold two entries for one part name.
/// </summary>
internal static class ZipEntryNames
{
    /// <summary>Why <paramref name="name"/> is unsafe, or null when it is a plain relative path.</summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0)
        {
            return "has an empty name";
        }

        if (name.Contains('\\', StringComparison.Ordinal))
        {
            return "uses a backslash, which unzippers on Windows treat as a folder separator";
        }

        if (name[0] == '/')
        {
            return "is an absolute path";
        }

        if (name.Length >= 2 && char.IsAsciiLetter(name[0]) && name[1] == ':')
        {
            return "starts with a drive letter";
        }

        foreach (var c in name)
        {
            if (char.IsControl(c))
            {
                return $"contains control character U+{(int)c:X4}";
            }
        }

        var segments = name.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i] is "." or "..")
            {
                return $"has a '{segments[i]}' segment, which points outside the package (zip-slip)";
            }

            // A trailing '/' marks a folder entry, which some writers add; any other empty segment is not a part name.
            if (segments[i].Length == 0 && i != segments.Length - 1)
            {
                return "has an empty path segment";
            }
        }

        return null;
    }

    /// <summary>The entry name as it may appear in a rejection detail (it is uploader-controlled).</summary>
    public static string Quote(string name) => UntrustedText.Bound(name, 200);
}
