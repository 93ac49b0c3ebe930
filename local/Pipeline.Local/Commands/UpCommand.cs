using Pipeline.Hosting;
using Spectre.Console;
using Spectre.Console.Cli;
using Pipeline.Storage;

namespace Pipeline.Local.Commands;

public sealed class UpCommand : AsyncCommand<PipelineSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, PipelineSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await UpAsync(settings, cancellationToken);
        return 0;
    }

    internal static async Task UpAsync(PipelineSettings settings, CancellationToken cancellationToken)
    {
        if (settings.UsesAzurite())
        {
            await Azurite.EnsureRunningAsync(cancellationToken);
        }

        if (settings.ServiceBus && Environment.GetEnvironmentVariable(PipelineSettings.ServiceBusVariable) is null or "")
        {
            await LocalBroker.EnsureRunningAsync(cancellationToken);
        }

        using var host = LocalHost.Build(settings);
        var storage = host.Get<PipelineStorage>();
        await storage.EnsureCreatedAsync(cancellationToken);
        var table = new Table().Border(TableBorder.Rounded).Title("Storage ready");
        table.AddColumns("Resource", "Name");
        table.AddRow("intake container", storage.Intake.Name);
        table.AddRow("evidence container", storage.Evidence.Name);
        table.AddRow("quarantine container", storage.Quarantine.Name);
        table.AddRow("reports container", storage.Reports.Name);
        table.AddRow("documents table", storage.Documents.Name);
        table.AddRow("integrity queue", storage.IntegrityQueue.Name);
        if (settings.ResolveServiceBus() is not null)
        {
            table.AddRow("Service Bus queue", host.Get<Microsoft.Extensions.Options.IOptions<Pipeline.Integrity.IntegrityCheckOptions>>().Value.ServiceBusQueue);
        }

        AnsiConsole.Write(table);
    }
}
