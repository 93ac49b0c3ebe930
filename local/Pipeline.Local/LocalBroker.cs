using System.Diagnostics;
using System.Net.Sockets;

namespace Pipeline.Local;

/// <summary>
/// The local Service Bus broker (local/Pipeline.Broker) for <c>--servicebus</c>: started once in the background, like
/// Azurite, on 127.0.0.1:$PIPELINE_BROKER_PORT (default 5672), and left running for later commands.
/// </summary>
public static class LocalBroker
{
    public const string PortVariable = "PIPELINE_BROKER_PORT";

    public static int Port => int.TryParse(Environment.GetEnvironmentVariable(PortVariable), out var port) ? port : 5672;

    /// <summary>What the SDK needs for the broker: plain AMQP on loopback (<c>UseDevelopmentEmulator=true</c>).</summary>
    public static string ConnectionString =>
        $"Endpoint=sb://127.0.0.1:{Port};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;";

    public static async Task EnsureRunningAsync(CancellationToken cancellationToken = default)
    {
        if (await IsListeningAsync(cancellationToken))
        {
            return;
        }

        var broker = Path.Combine(AppContext.BaseDirectory, "Pipeline.Broker.dll");
        // setsid: the broker outlives this command, as Azurite does.
        var start = new ProcessStartInfo("setsid")
        {
            ArgumentList = { "dotnet", broker, "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--queue", "integrity-checks" },
            RedirectStandardOutput = false,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_gcServer"] = "0";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the local Service Bus broker.");
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await IsListeningAsync(cancellationToken))
            {
                await Console.Error.WriteLineAsync($"pipeline: local Service Bus broker listening on 127.0.0.1:{Port}");
                return;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new InvalidOperationException($"The local Service Bus broker did not start listening on 127.0.0.1:{Port}.");
    }

    private static async Task<bool> IsListeningAsync(CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", Port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
