using System.Diagnostics.Metrics;

namespace Pipeline.Hosting;

/// <summary>
/// The pipeline's counters. Meter names are what the alert rules in infra/ query
/// (e.g. <c>pipeline.reconciliation.anomalies</c> on meter <c>Pipeline.Reconciliation</c>).
/// </summary>
public sealed class PipelineMetrics
{
    public const string IngestMeterName = "Pipeline.Ingest";
    public const string IntegrityMeterName = "Pipeline.Integrity";
    public const string ReconciliationMeterName = "Pipeline.Reconciliation";

    private readonly Counter<long> _ingestOutcomes;
    private readonly Counter<long> _integrityResults;
    private readonly Counter<long> _reconciliationAnomalies;
    private readonly Counter<long> _reconciliationMaintenance;

    public PipelineMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _ingestOutcomes = meterFactory.Create(IngestMeterName).CreateCounter<long>("pipeline.ingest.outcomes", description: "Uploads handled, by outcome.");
        _integrityResults = meterFactory.Create(IntegrityMeterName).CreateCounter<long>("pipeline.integrity.results", description: "Integrity checks run, by resulting state.");
        _reconciliationAnomalies = meterFactory.Create(ReconciliationMeterName).CreateCounter<long>("pipeline.reconciliation.anomalies", description: "Findings of reconciliation (what needs a person), by kind.");
        _reconciliationMaintenance = meterFactory.Create(ReconciliationMeterName).CreateCounter<long>(
            "pipeline.reconciliation.maintenance", description: "Routine work reconciliation queued (re-verification), by kind; not alerted on.");
    }

    public void IngestOutcome(string outcome) => _ingestOutcomes.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void IntegrityResult(string state) => _integrityResults.Add(1, new KeyValuePair<string, object?>("state", state));

    public void ReconciliationAnomalies(string kind, long count) => _reconciliationAnomalies.Add(count, new KeyValuePair<string, object?>("kind", kind));

    public void ReconciliationMaintenance(string kind, long count) => _reconciliationMaintenance.Add(count, new KeyValuePair<string, object?>("kind", kind));
}
