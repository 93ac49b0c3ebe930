using System.Globalization;
using Pipeline.Impact;
using Pipeline.Local.Cli;
using Pipeline.Receipts;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pipeline.Local.Commands;

/// <summary>Was the case's evidence complete and intact at a time? Exit 0 when it was, 3 when it was not or may not have been, 5 when the case is unknown.</summary>
public sealed class ImpactCommand : AsyncCommand<ImpactSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ImpactSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var host = LocalHost.Build(settings);
        var impact = await host.Get<ImpactService>().AssessAsync(settings.CaseId, settings.ParsedAt, cancellationToken);
        if (impact is null)
        {
            ErrorConsole.Error($"case {settings.CaseId} not found.");
            return ExitCodes.NotFound;
        }

        if (settings.Json)
        {
            Console.WriteLine(ReceiptJson.Serialize(impact));
        }
        else
        {
            Show(impact);
        }

        return impact.Verdict == ImpactVerdicts.Intact ? ExitCodes.Success : ExitCodes.AnomaliesFound;
    }

    private static void Show(CaseImpact impact)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"Case {impact.CaseId} at {Time(impact.At)}");
        table.AddColumns("Document", "Status", "Last known good", "Findings (last good → found → resolved)");
        foreach (var document in impact.Documents)
        {
            var findings = string.Join("\n", document.Findings.Select(f => $"{f.Finding}: {Time(f.LastKnownGood)} → {Time(f.FoundAt)} → {(f.ResolvedAt is { } r ? Time(r) : "open")}"));
            table.AddRow(new Text(document.DocumentId), new Text(document.Status), new Text(document.LastKnownGood is { } g ? Time(g) : ""), new Text(findings));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(impact.Verdict switch
        {
            ImpactVerdicts.Intact => $"[green]Complete and intact[/] at that time (every document confirmed good up to {(impact.ConfirmedThrough is { } c ? Time(c) : "-")} at least).",
            ImpactVerdicts.PossiblyCompromised => "[yellow]Possibly incomplete or altered[/] at that time: a document lies between its last good check and a finding.",
            ImpactVerdicts.Compromised => "[red]Incomplete or altered[/] at that time.",
            _ => $"[red]No answer[/]: the audit chain does not verify ({Markup.Escape(impact.ChainBreak ?? "")}).",
        });
    }

    private static string Time(DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
