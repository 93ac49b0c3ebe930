using System.Diagnostics;

namespace Pipeline.Local;

/// <summary>Starts Azurite through local/azurite.sh, the same script CI and the tests use.</summary>
public static class Azurite
{
    // The well-known Azurite development account (public, documented by Azurite; not a secret).
    private const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>Blob, queue and table ports: <c>AZURITE_BLOB_PORT</c>, <c>AZURITE_QUEUE_PORT</c>, <c>AZURITE_TABLE_PORT</c> as local/azurite.sh reads them.</summary>
    public static (int Blob, int Queue, int Table) Ports =>
        (PortFrom("AZURITE_BLOB_PORT", 10000), PortFrom("AZURITE_QUEUE_PORT", 10001), PortFrom("AZURITE_TABLE_PORT", 10002));

    /// <summary>The connection string of the Azurite instance on <see cref="Ports"/> (the short development form on the default ports).</summary>
    public static string ConnectionString
    {
        get
        {
            var (blob, queue, table) = Ports;
            if ((blob, queue, table) == (10000, 10001, 10002))
            {
                return "UseDevelopmentStorage=true";
            }

            return "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + DevelopmentAccountKey
                + $";BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";
        }
    }

    private static int PortFrom(string variable, int defaultPort) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : defaultPort;

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
