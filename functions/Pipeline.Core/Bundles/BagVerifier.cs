using System.Text;

namespace Pipeline.Bundles;

/// <summary>
/// Checks a case bundle offline, with no storage and no service: every payload and tag file against its manifest (each
/// missing, extra or altered file named), bagit.txt and Payload-Oxum, then the case's own evidence (see
/// <see cref="BagCaseVerifier"/>). Paths from a manifest are never opened unless they resolve inside the bag.
/// </summary>
public static class BagVerifier
{
    public static async Task<List<BagProblem>> VerifyAsync(string bagDirectory, IReadOnlyList<string> receiptFiles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receiptFiles);
        var bag = Path.GetFullPath(bagDirectory);
        var problems = new List<BagProblem>();
        var files = ListFiles(bag, problems);
        await CheckDeclarationAsync(bag, files, problems, cancellationToken);

        var payload = await CheckManifestAsync(bag, BagLayout.PayloadManifest, files, problems, cancellationToken);
        var tags = await CheckManifestAsync(bag, BagLayout.TagManifest, files, problems, cancellationToken);
        foreach (var path in payload?.Keys.Where(p => !p.StartsWith(BagLayout.PayloadDirectory + "/", StringComparison.Ordinal)) ?? [])
        {
            problems.Add(new BagProblem(BagProblemKinds.Invalid, path, $"{BagLayout.PayloadManifest} lists a file outside {BagLayout.PayloadDirectory}/"));
        }

        foreach (var file in files.Where(f => f.StartsWith(BagLayout.PayloadDirectory + "/", StringComparison.Ordinal) && payload is not null && !payload.ContainsKey(f)))
        {
            problems.Add(new BagProblem(BagProblemKinds.Extra, file, $"a payload file {BagLayout.PayloadManifest} does not list"));
        }

        foreach (var file in files.Where(f => !f.StartsWith(BagLayout.PayloadDirectory + "/", StringComparison.Ordinal) && f != BagLayout.TagManifest && tags is not null && !tags.ContainsKey(f)))
        {
            problems.Add(new BagProblem(BagProblemKinds.Extra, file, $"a tag file {BagLayout.TagManifest} does not list"));
        }

        foreach (var required in BagLayout.TagFiles.Where(t => tags is not null && !tags.ContainsKey(t) && files.Contains(t)))
        {
            problems.Add(new BagProblem(BagProblemKinds.Invalid, required, $"{BagLayout.TagManifest} does not list this required tag file"));
        }

        await CheckOxumAsync(bag, files, problems, cancellationToken);
        if (payload is not null)
        {
            await BagCaseVerifier.VerifyAsync(bag, files, payload, receiptFiles, problems, cancellationToken);
        }

        return problems;
    }

    /// <summary>Every regular file under the bag, relative, with '/' separators. Links are reported and never followed.</summary>
    private static HashSet<string> ListFiles(string bag, List<BagProblem> problems)
    {
        var files = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([bag]);
        while (pending.Count > 0)
        {
            foreach (var entry in new DirectoryInfo(pending.Pop()).EnumerateFileSystemInfos())
            {
                var relative = Path.GetRelativePath(bag, entry.FullName).Replace(Path.DirectorySeparatorChar, '/');
                if (entry.LinkTarget is not null)
                {
                    problems.Add(new BagProblem(BagProblemKinds.Invalid, relative, "a symbolic link; a bag holds only regular files"));
                }
                else if (entry is DirectoryInfo)
                {
                    pending.Push(entry.FullName);
                }
                else
                {
                    files.Add(relative);
                }
            }
        }

        return files;
    }

    private static async Task CheckDeclarationAsync(string bag, HashSet<string> files, List<BagProblem> problems, CancellationToken cancellationToken)
    {
        if (!files.Contains(BagLayout.BagDeclaration))
        {
            problems.Add(new BagProblem(BagProblemKinds.Missing, BagLayout.BagDeclaration, "not a BagIt bag without its declaration"));
            return;
        }

        var lines = await File.ReadAllLinesAsync(Path.Combine(bag, BagLayout.BagDeclaration), Encoding.UTF8, cancellationToken);
        if (lines is not ["BagIt-Version: 1.0", "Tag-File-Character-Encoding: UTF-8"])
        {
            problems.Add(new BagProblem(BagProblemKinds.Altered, BagLayout.BagDeclaration, "expected \"BagIt-Version: 1.0\" and \"Tag-File-Character-Encoding: UTF-8\""));
        }
    }

    /// <summary>Checks every entry of one manifest: listed files present, safe and unaltered. Null when the manifest itself is absent.</summary>
    private static async Task<Dictionary<string, string>?> CheckManifestAsync(
        string bag, string manifestName, HashSet<string> files, List<BagProblem> problems, CancellationToken cancellationToken)
    {
        if (!files.Contains(manifestName))
        {
            problems.Add(new BagProblem(BagProblemKinds.Missing, manifestName, "the bag's manifest is gone, so nothing it listed can be checked"));
            return null;
        }

        var lineProblems = new List<string>();
        var entries = await BagManifestFile.ReadAsync(Path.Combine(bag, manifestName), lineProblems, cancellationToken);
        problems.AddRange(lineProblems.Select(p => new BagProblem(BagProblemKinds.Invalid, manifestName, p)));
        foreach (var (path, expected) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (BagLayout.Resolve(bag, path, out var unsafePath) is not { } full)
            {
                problems.Add(new BagProblem(BagProblemKinds.Invalid, path, unsafePath!));
            }
            else if (!files.Contains(path))
            {
                problems.Add(new BagProblem(BagProblemKinds.Missing, path, $"listed in {manifestName} but not in the bag"));
            }
            else if (await BundleExporter.Sha256OfFileAsync(full, cancellationToken) is var actual && actual != expected)
            {
                problems.Add(new BagProblem(BagProblemKinds.Altered, path, $"its bytes hash to {actual}; {manifestName} says {expected}"));
            }
        }

        return entries;
    }

    private static async Task CheckOxumAsync(string bag, HashSet<string> files, List<BagProblem> problems, CancellationToken cancellationToken)
    {
        if (!files.Contains(BagLayout.BagInfo))
        {
            return;
        }

        var payload = files.Where(f => f.StartsWith(BagLayout.PayloadDirectory + "/", StringComparison.Ordinal)).ToList();
        var actual = $"{payload.Sum(f => new FileInfo(Path.Combine(bag, f)).Length)}.{payload.Count}";
        var stated = (await File.ReadAllLinesAsync(Path.Combine(bag, BagLayout.BagInfo), Encoding.UTF8, cancellationToken))
            .Where(l => l.StartsWith("Payload-Oxum:", StringComparison.Ordinal))
            .Select(l => l["Payload-Oxum:".Length..].Trim())
            .ToList();
        if (stated.Count != 1 || stated[0] != actual)
        {
            problems.Add(new BagProblem(
                BagProblemKinds.Altered, BagLayout.BagInfo, $"Payload-Oxum says {(stated.Count == 1 ? stated[0] : "nothing")}; the payload holds {actual} (bytes.files)"));
        }
    }
}
