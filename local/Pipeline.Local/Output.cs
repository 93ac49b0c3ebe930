using Pipeline.Ingest;
using Pipeline.Reconciliation;
using Spectre.Console;

namespace Pipeline.Local;

/// <summary>How the CLI shows results.</summary>
public static class Output
{
    public static string Colour(IngestOutcome outcome) => outcome switch
    {
        IngestOutcome.Accepted => "green",
        IngestOutcome.Duplicate or IngestOutcome.AlreadyProcessed => "grey",
        IngestOutcome.Rejected or IngestOutcome.Conflict => "yellow",
        _ => "red",
    };

    public static void IngestLine(IngestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var reasons = result.Reasons is { Count: > 0 } ? " — " + string.Join("; ", result.Reasons.Select(r => $"{r.Code}: {r.Detail}")) : "";
        AnsiConsole.MarkupLineInterpolated($"[{Colour(result.Outcome)}]{result.Outcome,-16}[/] {result.IntakeBlob}{reasons}");
    }

    public static void ReconciliationSummary(ReconciliationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var header = new Table().Border(TableBorder.Rounded).Title($"Reconciliation {report.RunId}");
        header.AddColumns("Cases", "Documents", "Evidence blobs", "Intake blobs", "Checks queued", "Resumes");
        header.AddRow(
            report.CasesChecked.ToString(System.Globalization.CultureInfo.InvariantCulture),
            report.DocumentsChecked.ToString(System.Globalization.CultureInfo.InvariantCulture),
            report.BlobsScanned.ToString(System.Globalization.CultureInfo.InvariantCulture),
            report.IntakeBlobsScanned.ToString(System.Globalization.CultureInfo.InvariantCulture),
            report.ChecksEnqueued.ToString(System.Globalization.CultureInfo.InvariantCulture),
            report.Resumes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AnsiConsole.Write(header);

        var kinds = new Table().Border(TableBorder.Rounded).Title("Anomalies by kind");
        kinds.AddColumns("Kind", "Count");
        foreach (var kind in AnomalyKinds.Findings)
        {
            var count = report.Counts.GetValueOrDefault(kind);
            kinds.AddRow(new Markup(Markup.Escape(kind)), new Markup(count == 0 ? "[green]0[/]" : $"[red]{count}[/]"));
        }

        AnsiConsole.Write(kinds);
        if (report.Shards is { } shards)
        {
            AnsiConsole.MarkupLineInterpolated(
                $"Shards: {shards.Completed} of {shards.Count} completed ({shards.Items.Count(s => s.Attempts > 1)} after a retry), [{(shards.Failed > 0 ? "red" : "green")}]{shards.Failed} failed[/].");
        }

        if (report.Maintenance.Count > 0)
        {
            // Routine, not a finding: it does not change the exit code.
            AnsiConsole.MarkupLineInterpolated(
                $"[grey]Maintenance: {string.Join(", ", report.Maintenance.Counts.Where(c => c.Value > 0).Select(c => $"{c.Value} {c.Key}"))} (re-verification queued).[/]");
        }

        if (report.Cases.Count > 0)
        {
            var cases = new Table().Border(TableBorder.Rounded).Title(report.Cases.Count < report.CasesWithAnomalies
                ? $"The {report.Cases.Count} cases with most anomalies, of {report.CasesWithAnomalies}"
                : "Cases with anomalies");
            cases.AddColumn("Case");
            foreach (var kind in AnomalyKinds.Findings)
            {
                cases.AddColumn(kind);
            }

            foreach (var summary in report.Cases)
            {
                cases.AddRow([summary.CaseId.Length == 0 ? "(no case)" : summary.CaseId, .. AnomalyKinds.Findings.Select(k => summary.Counts.GetValueOrDefault(k).ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            }

            AnsiConsole.Write(cases);
        }

        AnsiConsole.MarkupLine(report.Clean
            ? "[green]Clean: every row has its bytes and matches its audit chain, every blob has its row, every chain verifies.[/]"
            : $"[red]{report.AnomalyCount} findings.[/] Full report: reports/{Markup.Escape(ReconciliationRunStore.ReportBlobName(report.RunId))}");
    }

    /// <summary>The first <paramref name="anomalies"/> of a run, one row each: what, which case and document, where.</summary>
    public static void AnomalyList(IReadOnlyList<Anomaly> anomalies, long total)
    {
        ArgumentNullException.ThrowIfNull(anomalies);
        if (anomalies.Count == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title(anomalies.Count < total ? $"First {anomalies.Count} of {total} anomalies" : "Anomalies");
        table.AddColumns("Kind", "Case", "Document", "Blob", "Detail");
        foreach (var anomaly in anomalies)
        {
            var blob = anomaly.Blob is null ? "" : anomaly.Container is null ? anomaly.Blob : $"{anomaly.Container}/{anomaly.Blob}";
            table.AddRow(
                new Text(anomaly.Kind),
                new Text(anomaly.CaseId ?? ""),
                new Text(anomaly.DocumentId ?? ""),
                new Text(blob),
                new Text(anomaly.Detail));
        }

        AnsiConsole.Write(table);
    }
}
