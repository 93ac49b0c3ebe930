using System.Diagnostics;

namespace Pipeline.Local;

/// <summary>Starts Azurite through local/azurite.sh, the same script CI and the tests use.</summary>
public static class Azurite
{
    public static async Task EnsureRunningAsync(CancellationToken cancellationToken = default)
    {
        var script = FindScript();
        var start = new ProcessStartInfo("bash", [script, "start"]) { UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not run local/azurite.sh.");
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"local/azurite.sh start failed with exit code {process.ExitCode}.");
        }
    }

    private static string FindScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "local", "azurite.sh");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("local/azurite.sh not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The repository's local/ folder (for the sample bundle).</summary>
    public static string LocalDirectory => Path.GetDirectoryName(FindScript())!;
}
