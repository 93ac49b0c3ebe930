using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Pipeline.Tests.Faults;

/// <summary>
/// An Azurite instance of a test's own (free ports, its own data folder), started and stopped through local/azurite.sh
/// like every other instance, so that a test can kill and restart storage without touching the shared one.
/// </summary>
public sealed class OwnAzurite
{
    private readonly string _script = FindRepositoryFile("local", "azurite.sh");

    public OwnAzurite()
    {
        Ports = [FreePort(), FreePort(), FreePort()];
        Location = Path.Combine(Path.GetTempPath(), "pipeline-own-azurite-" + Guid.NewGuid().ToString("N")[..12]);
    }

    public IReadOnlyList<int> Ports { get; }

    public string Location { get; }

    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
        + $";BlobEndpoint=http://127.0.0.1:{Ports[0]}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{Ports[1]}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{Ports[2]}/devstoreaccount1;";

    /// <summary>The variables that point local/azurite.sh and the CLI at this instance.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AZURITE_BLOB_PORT"] = Ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["AZURITE_QUEUE_PORT"] = Ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["AZURITE_TABLE_PORT"] = Ports[2].ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["AZURITE_LOCATION"] = Location,
    };

    public Task StartAsync() => RunScriptAsync("start");

    /// <summary>Stops the instance (SIGTERM, then SIGKILL after 5 s); its data folder stays for the restart.</summary>
    public Task StopAsync() => RunScriptAsync("stop");

    /// <summary>Stops the instance and deletes its data folder.</summary>
    public async Task StopAndDeleteAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(Location, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a process that is going away: the temp folder is cleaned by the system.
        }
    }

    /// <summary>A file of the repository, found above the test's output folder.</summary>
    public static string FindRepositoryFile(params string[] parts)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine([directory.FullName, .. parts]);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(Path.Combine(parts) + " not found above " + AppContext.BaseDirectory);
    }

    private async Task RunScriptAsync(string command)
    {
        var start = new ProcessStartInfo("bash", [_script, command]) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not run local/azurite.sh.");
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"local/azurite.sh {command} failed with exit code {process.ExitCode}: {error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
