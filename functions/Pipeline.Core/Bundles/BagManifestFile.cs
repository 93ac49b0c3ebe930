using System.Text;

namespace Pipeline.Bundles;

/// <summary>A BagIt manifest (<c>manifest-sha256.txt</c>, <c>tagmanifest-sha256.txt</c>): "checksum path" per line.</summary>
public static class BagManifestFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes the entries sorted by path (ordinal), one per line, LF-terminated.</summary>
    public static async Task WriteAsync(string file, IEnumerable<(string Path, string Sha256)> entries, CancellationToken cancellationToken = default)
    {
        var text = new StringBuilder();
        foreach (var (path, sha256) in entries.OrderBy(e => e.Path, StringComparer.Ordinal))
        {
            text.Append(sha256).Append("  ").Append(BagLayout.EncodeManifestPath(path)).Append('\n');
        }

        await File.WriteAllTextAsync(file, text.ToString(), Utf8, cancellationToken);
    }

    /// <summary>The entries by decoded path; malformed or repeated lines go to <paramref name="problems"/> (line number and why).</summary>
    public static async Task<Dictionary<string, string>> ReadAsync(string file, List<string> problems, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in await File.ReadAllLinesAsync(file, Utf8, cancellationToken))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var separator = line.IndexOfAny([' ', '\t']);
            var checksum = separator < 0 ? line : line[..separator];
            var path = separator < 0 ? "" : BagLayout.DecodeManifestPath(line[separator..].TrimStart(' ', '\t'));
            if (checksum.Length != 64 || !checksum.All(char.IsAsciiHexDigit) || path.Length == 0)
            {
                problems.Add($"line {lineNumber} is not \"<sha256> <path>\"");
            }
            else if (!entries.TryAdd(path, checksum.ToLowerInvariant()))
            {
                problems.Add($"line {lineNumber} lists {path} again");
            }
        }

        return entries;
    }
}
