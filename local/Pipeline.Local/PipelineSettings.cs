using System.ComponentModel;
using Spectre.Console.Cli;

namespace Pipeline.Local;

/// <summary>Options every command takes.</summary>
public class PipelineSettings : CommandSettings
{
    public const string StorageVariable = "PIPELINE_STORAGE";

    [CommandOption("--connection <CONNECTION>")]
    [Description("Storage connection string. Default: $PIPELINE_STORAGE, else Azurite (on $AZURITE_BLOB_PORT/_QUEUE_PORT/_TABLE_PORT, default 10000-10002).")]
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
        return string.IsNullOrWhiteSpace(fromEnvironment) ? Azurite.ConnectionString : fromEnvironment;
    }

    public bool UsesAzurite()
    {
        var connection = ResolveConnection();
        return connection.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase)
            || connection.Contains("127.0.0.1", StringComparison.Ordinal)
            || connection.Contains("localhost", StringComparison.OrdinalIgnoreCase);
    }
}
