using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Pipeline.Ingest;
using Pipeline.Intake;
using Pipeline.Reconciliation;

namespace Pipeline.Functions.Functions;

/// <summary>
/// Every ten minutes, ingests intake blobs older than the stuck threshold that no trigger handled, so a missed
/// Event Grid delivery costs minutes, not a night.
/// </summary>
public sealed class SweepIntakeFunction(IntakeSweeper sweeper, IOptions<ReconciliationOptions> options)
{
    public const string Name = "SweepIntake";

    [Function(Name)]
    public Task<SweepSummary> RunAsync(
        [TimerTrigger("0 */10 * * * *", RunOnStartup = false)] TimerInfo timer,
        CancellationToken cancellationToken = default) =>
        sweeper.SweepAsync(options.Value.StuckAfter, cancellationToken: cancellationToken);
}
