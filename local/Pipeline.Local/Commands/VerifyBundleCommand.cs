using Pipeline.Bundles;
using Pipeline.Local.Cli;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Pipeline.Local.Commands;

/// <summary>Checks a bundle offline (no storage). Exit 0 when it verifies, 3 naming every problem, 5 when the folder does not exist.</summary>
public sealed class VerifyBundleCommand : AsyncCommand<VerifyBundleSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, VerifyBundleSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!Directory.Exists(settings.BagDirectory))
        {
            ErrorConsole.Error($"no such folder: {settings.BagDirectory}");
            return ExitCodes.NotFound;
        }

        var problems = await BagVerifier.VerifyAsync(settings.BagDirectory, settings.Receipts, cancellationToken);
        if (problems.Count == 0)
        {
            AnsiConsole.MarkupLineInterpolated(
                $"[green]The bundle verifies[/]: every payload and tag file is present and unaltered, nothing extra, the case manifest and audit chain agree, {settings.Receipts.Length} receipt(s) borne out.");
            return ExitCodes.Success;
        }

        var table = new Table().Border(TableBorder.Rounded).Title($"{problems.Count} problem(s)");
        table.AddColumns("Kind", "File", "Detail");
        foreach (var problem in problems)
        {
            table.AddRow(new Text(problem.Kind), new Text(problem.Path), new Text(problem.Detail));
        }

        AnsiConsole.Write(table);
        return ExitCodes.AnomaliesFound;
    }
}
