using System.Globalization;
using System.Net;
using System.Text;
using Pipeline.Reconciliation;

namespace Pipeline.Portal;

/// <summary>
/// The operations page as one self-contained HTML document: inline CSS (screen and print) and an inline SVG chart, no
/// script and nothing fetched from anywhere. Every value from storage is HTML-encoded.
/// </summary>
public static class OperationsPageRenderer
{
    private static readonly Dictionary<string, string> Colours = new(StringComparer.Ordinal)
    {
        [AnomalyKinds.Missing] = "#b3261e",
        [AnomalyKinds.Changed] = "#e8710a",
        [AnomalyKinds.Untracked] = "#7b1fa2",
        [AnomalyKinds.Stuck] = "#1565c0",
        [AnomalyKinds.Overdue] = "#5f6368",
        [AnomalyKinds.ChainBroken] = "#000000",
        [AnomalyKinds.IndexAltered] = "#ad1457",
        [AnomalyKinds.MalformedRow] = "#6d4c41",
        [AnomalyKinds.AbandonedIntent] = "#00897b",
    };

    private const string Style = """
        :root { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f1f1f; }
        body { margin: 0 auto; max-width: 1200px; padding: 1.5rem; line-height: 1.4; }
        h1 { font-size: 1.5rem; margin: 0 0 .25rem; } h2 { font-size: 1.1rem; margin: 1.75rem 0 .5rem; border-bottom: 1px solid #ddd; }
        .meta { color: #555; font-size: .9rem; }
        .cards { display: flex; flex-wrap: wrap; gap: .75rem; margin-top: 1rem; }
        .card { border: 1px solid #ddd; border-radius: 6px; padding: .6rem .9rem; min-width: 9rem; }
        .card b { display: block; font-size: 1.4rem; } .card.bad b { color: #b3261e; } .card.good b { color: #137333; }
        table { border-collapse: collapse; width: 100%; font-size: .875rem; }
        th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #eee; vertical-align: top; }
        th { background: #f6f6f6; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
        .kind { display: inline-block; padding: 0 .4rem; border-radius: 3px; color: #fff; font-size: .8rem; white-space: nowrap; }
        .detail { max-width: 32rem; overflow-wrap: anywhere; } .blob { font-family: ui-monospace, monospace; font-size: .8rem; overflow-wrap: anywhere; }
        .empty { color: #137333; }
        svg text { font-size: 11px; fill: #444; }
        @media print {
          body { max-width: none; padding: 0; font-size: 9pt; }
          a { color: inherit; text-decoration: none; }
          .kind { color: #000; border: 1px solid #000; background: none !important; }
          tr, .card, svg { break-inside: avoid; }
          thead { display: table-header-group; }
        }
        """;

    public static string Render(OperationsView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>Evidence pipeline: reconciliation</title><style>").Append(Style).Append("</style></head><body>")
            .Append("<h1>Evidence pipeline: reconciliation</h1>")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">Page generated {Time(view.GeneratedAt)}. Every finding shows when it was found and when its document was last known good: the window in which the case file may have been incomplete or altered.</p>");
        var latest = view.Latest;
        if (latest is null)
        {
            html.Append("<p id=\"no-runs\">No reconciliation run has completed yet.</p>");
        }
        else
        {
            Summary(html, view, latest);
            KindTable(html, latest);
            Chart(html, view.Runs);
            CaseTable(html, view.Cases);
            FindingTable(html, "stuck-uploads", "Stuck uploads", view.Findings.Where(f => f.Anomaly.Kind == AnomalyKinds.Stuck).ToList());
            FindingTable(html, "abandoned-intents", "Abandoned upload intents", view.Findings.Where(f => f.Anomaly.Kind == AnomalyKinds.AbandonedIntent).ToList());
            FindingTable(html, "findings", $"All findings of run {latest.RunId}" + (latest.Total > view.Findings.Count ? $" (first {view.Findings.Count} of {latest.Total})" : ""), view.Findings);
        }

        DeadLetterTable(html, view.DeadLetters);
        return html.Append("</body></html>").ToString();
    }

    private static void Summary(StringBuilder html, OperationsView view, RunSummary latest)
    {
        var deadLetters = view.DeadLetters.Values.Where(n => n > 0).Sum();
        var unreadable = view.DeadLetters.Values.Any(n => n == OperationsHandler.Unreadable);
        html.Append("<div class=\"cards\" id=\"summary\">")
            .Append(CultureInfo.InvariantCulture, $"<div class=\"card\">Latest run<b>{E(latest.RunId)}</b>{Time(latest.StartedAt)} to {Time(latest.CompletedAt)}</div>")
            .Append(CultureInfo.InvariantCulture, $"<div class=\"card {(latest.Total == 0 ? "good" : "bad")}\" id=\"total-findings\">Findings<b>{latest.Total}</b></div>")
            .Append(CultureInfo.InvariantCulture, $"<div class=\"card {(view.Cases.Count == 0 ? "good" : "bad")}\">Cases with findings<b>{view.Cases.Count}</b></div>")
            .Append(CultureInfo.InvariantCulture, $"<div class=\"card {(deadLetters == 0 && !unreadable ? "good" : "bad")}\" id=\"dead-letter-total\">Dead-lettered<b>{deadLetters}{(unreadable ? "+?" : "")}</b></div>")
            .Append("</div>");
    }

    private static void KindTable(StringBuilder html, RunSummary latest)
    {
        html.Append("<h2>Findings by kind</h2><table id=\"findings-by-kind\"><thead><tr><th>kind</th><th>latest run</th></tr></thead><tbody>");
        foreach (var kind in Kinds(latest.Counts.Keys))
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr data-kind=\"{E(kind)}\"><td>{Badge(kind)}</td><td class=\"n\">{latest.Counts.GetValueOrDefault(kind)}</td></tr>");
        }

        html.Append("</tbody></table>");
    }

    /// <summary>Findings per night as stacked bars, one per run, coloured by kind.</summary>
    private static void Chart(StringBuilder html, IReadOnlyList<RunSummary> runs)
    {
        const int width = 760, height = 200, left = 40, bottom = 36, top = 10;
        var max = Math.Max(1, runs.Max(r => r.Total));
        var slot = (width - left) / (double)Math.Max(runs.Count, 1);
        var bar = Math.Min(40, slot * 0.7);
        html.Append("<h2>Findings per night</h2>")
            .Append(CultureInfo.InvariantCulture, $"<svg id=\"runs-chart\" role=\"img\" aria-label=\"Findings per reconciliation run\" viewBox=\"0 0 {width} {height}\" width=\"100%\" style=\"max-width:{width}px\">")
            .Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width}\" y2=\"{height - bottom}\" stroke=\"#999\"/>")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{top + 8}\" text-anchor=\"end\">{max}</text><text x=\"{left - 6}\" y=\"{height - bottom}\" text-anchor=\"end\">0</text>");
        var scale = (height - bottom - top) / (double)max;
        for (var i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            var x = left + (i * slot) + ((slot - bar) / 2);
            var y = (double)(height - bottom);
            html.Append(CultureInfo.InvariantCulture, $"<g class=\"run\" data-run=\"{E(run.RunId)}\" data-total=\"{run.Total}\"><title>{E(run.RunId)}: {run.Total} findings</title>");
            foreach (var kind in Kinds(run.Counts.Keys).Where(k => run.Counts.GetValueOrDefault(k) > 0))
            {
                var h = run.Counts[kind] * scale;
                y -= h;
                html.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"{bar:0.#}\" height=\"{h:0.#}\" fill=\"{Colour(kind)}\"><title>{E(kind)}: {run.Counts[kind]}</title></rect>");
            }

            html.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (bar / 2):0.#}\" y=\"{y - 3:0.#}\" text-anchor=\"middle\">{run.Total}</text>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (bar / 2):0.#}\" y=\"{height - bottom + 14}\" text-anchor=\"middle\">{run.StartedAt:MM-dd HH:mm}</text></g>");
        }

        html.Append("</svg>");
    }

    private static void CaseTable(StringBuilder html, IReadOnlyList<CaseSummary> cases)
    {
        html.Append("<h2>Cases</h2>");
        if (cases.Count == 0)
        {
            html.Append("<p class=\"empty\" id=\"cases\">No case has findings.</p>");
            return;
        }

        var kinds = Kinds(cases.SelectMany(c => c.Counts.Keys)).ToList();
        html.Append("<table id=\"cases\"><thead><tr><th>case</th>");
        foreach (var kind in kinds)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{E(kind)}</th>");
        }

        html.Append("<th>total</th></tr></thead><tbody>");
        foreach (var c in cases)
        {
            var name = c.CaseId.Length == 0 ? "(no case)" : E(c.CaseId);
            html.Append(CultureInfo.InvariantCulture, $"<tr data-case=\"{E(c.CaseId)}\"><td>{(c.CaseId.Length == 0 ? name : $"<a href=\"{E(PortalViews.CaseLink(c.CaseId))}/documents\">{name}</a>")}</td>");
            foreach (var kind in kinds)
            {
                html.Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{c.Counts.GetValueOrDefault(kind)}</td>");
            }

            html.Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{c.Total}</td></tr>");
        }

        html.Append("</tbody></table>");
    }

    private static void FindingTable(StringBuilder html, string id, string title, IReadOnlyList<OperationsView.Finding> findings)
    {
        html.Append(CultureInfo.InvariantCulture, $"<h2>{E(title)}</h2>");
        if (findings.Count == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"empty\" id=\"{id}\">None.</p>");
            return;
        }

        html.Append(CultureInfo.InvariantCulture, $"<table id=\"{id}\"><thead><tr><th>kind</th><th>case</th><th>document</th><th>blob</th><th>detail</th><th>last known good</th><th>found</th></tr></thead><tbody>");
        foreach (var (anomaly, foundAt, lastGood) in findings)
        {
            var document = anomaly.CaseId is not null && anomaly.DocumentId is not null
                ? $"<a href=\"{E(PortalViews.DocumentLink(anomaly.CaseId, anomaly.DocumentId))}\">{E(anomaly.DocumentId)}</a>"
                : E(anomaly.DocumentId ?? "");
            var blob = anomaly.Blob is null ? "" : $"{E(anomaly.Container ?? "")}/{E(anomaly.Blob)}";
            html.Append(CultureInfo.InvariantCulture, $"<tr data-kind=\"{E(anomaly.Kind)}\" data-case=\"{E(anomaly.CaseId ?? "")}\" data-document=\"{E(anomaly.DocumentId ?? "")}\">")
                .Append(CultureInfo.InvariantCulture, $"<td>{Badge(anomaly.Kind)}</td><td>{E(anomaly.CaseId ?? "")}</td><td>{document}</td><td class=\"blob\">{blob}</td><td class=\"detail\">{E(anomaly.Detail)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"last-good\">{(lastGood is null ? "never verified" : Time(lastGood.Value))}</td><td class=\"found\">{Time(foundAt)}</td></tr>");
        }

        html.Append("</tbody></table>");
    }

    private static void DeadLetterTable(StringBuilder html, IReadOnlyDictionary<string, int> deadLetters)
    {
        html.Append("<h2>Dead-lettered and poison messages</h2><table id=\"dead-letters\"><thead><tr><th>queue</th><th>messages</th></tr></thead><tbody>");
        foreach (var (queue, count) in deadLetters.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr data-queue=\"{E(queue)}\"><td>{E(queue)}</td><td class=\"n\">{(count == OperationsHandler.Unreadable ? "unreadable" : count.ToString(CultureInfo.InvariantCulture))}</td></tr>");
        }

        html.Append("</tbody></table>");
    }

    /// <summary>The known kinds in their fixed order, then any other kind a newer pipeline reported, alphabetically.</summary>
    private static IEnumerable<string> Kinds(IEnumerable<string> present)
    {
        var set = present.ToHashSet(StringComparer.Ordinal);
        return AnomalyKinds.Findings.Concat(set.Except(AnomalyKinds.Findings).Order(StringComparer.Ordinal));
    }

    private static string Badge(string kind) => $"<span class=\"kind\" style=\"background:{Colour(kind)}\">{E(kind)}</span>";

    private static string Colour(string kind) => Colours.GetValueOrDefault(kind, "#455a64");

    private static string Time(DateTimeOffset value) =>
        $"<time datetime=\"{value.UtcDateTime:O}\">{value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC</time>";

    private static string E(string value) => WebUtility.HtmlEncode(value);
}
