using Pipeline.Integrity;
using Pipeline.Local.Cli;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pipeline.Local.Commands;

/// <summary>Dead-lettered checks of the configured transport: reason, description, deliveries, enqueued time, case and document.</summary>
public sealed class DlqListCommand : AsyncCommand<PipelineSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, PipelineSettings settings, CancellationToken cancellationToken)
    {
        using var host = LocalHost.Build(settings);
        var checks = await host.Get<IDeadLetteredChecks>().ListAsync(cancellationToken: cancellationToken);
        if (checks.Count == 0)
        {
            await Console.Error.WriteLineAsync("No dead-lettered checks.");
            return ExitCodes.Success;
        }

        var table = new Table().Border(TableBorder.Rounded).Title($"{checks.Count} dead-lettered check(s)");
        table.AddColumns("Id", "Reason", "Description", "Deliveries", "Enqueued", "Case", "Document");
        foreach (var check in checks)
        {
            table.AddRow(
                Markup.Escape(check.Id),
                Markup.Escape(check.Reason ?? ""),
                Markup.Escape(check.Description ?? ""),
                check.DeliveryCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                check.EnqueuedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(check.CaseId ?? "(malformed)"),
                Markup.Escape(check.DocumentId ?? ""));
        }

        AnsiConsole.Write(table);
        return ExitCodes.Success;
    }
}
