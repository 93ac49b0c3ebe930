using System.ComponentModel;
using Spectre.Console.Cli;

namespace Pipeline.Local;

/// <summary>Options every command takes.</summary>
public class PipelineSettings : CommandSettings
{
    public const string StorageVariable = "PIPELINE_STORAGE";

    [CommandOption("--connection <CONNECTION>")]
    [Description("Storage connection string. Default: $PIPELINE_STORAGE, else UseDevelopmentStorage=true (Azurite).")]
    public string? Connection { get; init; }

    [CommandOption("-v|--verbose")]
    [Description("Show the pipeline's own log lines.")]
    public bool Verbose { get; init; }

    public string ResolveConnection()
    {
        if (!string.IsNullOrWhiteSpace(Connection))
        {
            return Connection;
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(StorageVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? AzuriteConnection() : fromEnvironment;
    }

    public bool UsesAzurite()
    {
        var connection = ResolveConnection();
        return connection.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase)
            || connection.Contains("127.0.0.1", StringComparison.Ordinal)
            || connection.Contains("localhost", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Azurite on the ports local/azurite.sh starts it on (AZURITE_*_PORT, default 10000-10002).</summary>
    private static string AzuriteConnection()
    {
        static string Port(string variable, int fallback) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } port ? port : fallback.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (blob, queue, table) = (Port("AZURITE_BLOB_PORT", 10000), Port("AZURITE_QUEUE_PORT", 10001), Port("AZURITE_TABLE_PORT", 10002));
        return (blob, queue, table) == ("10000", "10001", "10002")
            ? "UseDevelopmentStorage=true"
            : "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
                + $"BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";
    }
}
