using System.Diagnostics;
using System.Globalization;
using Pipeline.Local.Cli;
using Pipeline.Reconciliation;
using Spectre.Console;

namespace Pipeline.Local;

/// <summary>
/// A reconciliation's progress. On an interactive console: a live display with one task per phase (Index, Store,
/// Intake), indeterminate (nobody knows the totals up front) with its counts in the description. Otherwise (CI,
/// redirected stdout): a plain line on stderr at each phase change and every few seconds, so stdout keeps only the result.
/// </summary>
public static class ReconciliationProgressDisplay
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    private static readonly ReconciliationPhase[] Phases = [ReconciliationPhase.Index, ReconciliationPhase.Store, ReconciliationPhase.Intake];

    public static bool Interactive => AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;

    public static Task<ReconciliationReport> RunAsync(Func<IProgress<ReconciliationProgress>, Task<ReconciliationReport>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Interactive ? LiveAsync(run) : PlainAsync(run);
    }

    private static Task<ReconciliationReport> LiveAsync(Func<IProgress<ReconciliationProgress>, Task<ReconciliationReport>> run) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var tasks = Phases.ToDictionary(p => p, p => context.AddTask(Describe(p, null), autoStart: false, maxValue: 1));
                var current = (ReconciliationPhase?)null;
                var progress = new SynchronousProgress<ReconciliationProgress>(p =>
                {
                    if (current != p.Phase)
                    {
                        // A resumed run starts in a later phase: the ones before it were done by the run it resumes.
                        foreach (var (phase, task) in tasks.Where(t => t.Key < p.Phase))
                        {
                            Finish(task, task.Description);
                        }

                        if (tasks.TryGetValue(p.Phase, out var started))
                        {
                            started.IsIndeterminate = true;
                            started.StartTask();
                        }

                        current = p.Phase;
                    }

                    if (tasks.TryGetValue(p.Phase, out var active))
                    {
                        active.Description = Describe(p.Phase, p);
                    }
                });
                var report = await run(progress);
                var final = new ReconciliationProgress(
                    ReconciliationPhase.Done, null, report.CasesChecked, report.DocumentsChecked, report.BlobsScanned, report.IntakeBlobsScanned, report.AnomalyCount);
                foreach (var (phase, task) in tasks)
                {
                    Finish(task, Describe(phase, final));
                }

                return report;
            });

    private static async Task<ReconciliationReport> PlainAsync(Func<IProgress<ReconciliationProgress>, Task<ReconciliationReport>> run)
    {
        var console = ErrorConsole.Instance;
        console.WriteLine("Reconciling the whole store...");
        var sinceLine = Stopwatch.StartNew();
        var current = (ReconciliationPhase?)null;
        var progress = new SynchronousProgress<ReconciliationProgress>(p =>
        {
            if (current != p.Phase || sinceLine.Elapsed >= PlainInterval)
            {
                console.WriteLine("  " + Describe(p.Phase, p));
                current = p.Phase;
                sinceLine.Restart();
            }
        });
        var report = await run(progress);
        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Reconciled: {report.CasesChecked} cases, {report.DocumentsChecked} documents, {report.BlobsScanned} evidence blobs, {report.IntakeBlobsScanned} intake blobs, {report.AnomalyCount} anomalies."));
        return report;
    }

    private static void Finish(ProgressTask task, string description)
    {
        task.Description = description;
        task.IsIndeterminate = false;
        task.Value = task.MaxValue;
        task.StopTask();
    }

    /// <summary>The phase's name and, once it has any, its counts; anomalies so far while it runs.</summary>
    private static string Describe(ReconciliationPhase phase, ReconciliationProgress? p)
    {
        var name = phase.ToString().PadRight(6);
        if (p is null)
        {
            return name;
        }

        var counts = phase switch
        {
            ReconciliationPhase.Index => $"{p.CasesChecked} cases, {p.DocumentsChecked} documents",
            ReconciliationPhase.Store => $"{p.BlobsScanned} evidence blobs",
            _ => $"{p.IntakeBlobsScanned} intake blobs",
        };
        return string.Create(CultureInfo.InvariantCulture, $"{name} {counts}, {p.Anomalies} anomalies");
    }
}
