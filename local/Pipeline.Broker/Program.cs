using System.Globalization;
using Pipeline.Broker;

// local/pipeline up --servicebus starts this: a broker for one machine until SIGTERM/Ctrl+C.
var options = new BrokerOptions();
for (var i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--host": options.Host = Value(); break;
        case "--port": options.Port = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--queue": options.Queues.Add(Value()); break;
        case "--lock-duration": options.LockDuration = TimeSpan.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--max-delivery-count": options.MaxDeliveryCount = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--duplicate-detection-window": options.DuplicateDetectionWindow = TimeSpan.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--key": options.SharedAccessKey = Value(); break;
        default:
            Console.Error.WriteLine($"Pipeline.Broker: unknown option {args[i]}. Options: --host h --port p --queue name (repeatable) --lock-duration hh:mm:ss --max-delivery-count n --duplicate-detection-window hh:mm:ss --key k");
            return 2;
    }
}

if (options.Queues.Count == 0)
{
    options.Queues.Add("integrity-checks");
}

await using var broker = new ServiceBusBroker(options);
broker.Start();
Console.WriteLine($"Pipeline.Broker listening on {options.Host}:{broker.Port}, queues: {string.Join(", ", options.Queues)}");
Console.WriteLine(broker.ConnectionString);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}

return 0;
