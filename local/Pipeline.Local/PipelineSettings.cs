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

    [CommandOption("--servicebus")]
    [Description("Carry integrity checks on Service Bus: $PIPELINE_SERVICEBUS (a connection string), else the local broker on 127.0.0.1:5672 (up starts it).")]
    public bool ServiceBus { get; init; }

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

    /// <summary>The Service Bus connection when checks go by Service Bus (<c>--servicebus</c> or <c>$PIPELINE_SERVICEBUS</c>), else null.</summary>
    public string? ResolveServiceBus()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(ServiceBusVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment;
        }

        return ServiceBus ? LocalBroker.ConnectionString : null;
    }

    public const string ServiceBusVariable = "PIPELINE_SERVICEBUS";

    public bool UsesAzurite()
    {
        var connection = ResolveConnection();
        return connection.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase)
            || connection.Contains("127.0.0.1", StringComparison.Ordinal)
            || connection.Contains("localhost", StringComparison.OrdinalIgnoreCase);
    }
}
