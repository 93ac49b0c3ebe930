using Microsoft.Azure.Functions.Worker;
using Pipeline.Reconciliation;

namespace Pipeline.Functions.Functions;

/// <summary>
/// The nightly whole-store reconciliation. Never on startup: a deployment must not start a full scan. A run that
/// stopped part-way is resumed by the next trigger.
/// </summary>
public sealed class ReconcileFunction(ReconciliationService reconciliation)
{
    public const string Name = "Reconcile";

    [Function(Name)]
    public Task<ReconciliationReport> RunAsync(
        [TimerTrigger("%Pipeline:Reconciliation:Schedule%", RunOnStartup = false, UseMonitor = true)] TimerInfo timer,
        CancellationToken cancellationToken = default) =>
        reconciliation.RunAsync(new ReconciliationRequest(), cancellationToken: cancellationToken);
}
