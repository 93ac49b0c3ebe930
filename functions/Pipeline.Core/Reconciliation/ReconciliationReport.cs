using System.Text.Json.Serialization;

namespace Pipeline.Reconciliation;

/// <summary>The report a run writes to <c>reports/{runId}.json</c>.</summary>
public sealed class ReconciliationReport
{
    [JsonPropertyName("runId")]
    public string RunId { get; set; } = "";

    [JsonPropertyName("startedAt")]
    public DateTimeOffset StartedAt { get; set; }

    [JsonPropertyName("completedAt")]
    public DateTimeOffset CompletedAt { get; set; }

    [JsonPropertyName("rehash")]
    public bool Rehash { get; set; }

    /// <summary>How many times the run was resumed after stopping part-way.</summary>
    [JsonPropertyName("resumes")]
    public int Resumes { get; set; }

    [JsonPropertyName("clean")]
    public bool Clean { get; set; }

    [JsonPropertyName("casesChecked")]
    public long CasesChecked { get; set; }

    [JsonPropertyName("documentsChecked")]
    public long DocumentsChecked { get; set; }

    /// <summary>Evidence blobs listed (every one, not a sample).</summary>
    [JsonPropertyName("blobsScanned")]
    public long BlobsScanned { get; set; }

    [JsonPropertyName("intakeBlobsScanned")]
    public long IntakeBlobsScanned { get; set; }

    [JsonPropertyName("checksEnqueued")]
    public long ChecksEnqueued { get; set; }

    [JsonPropertyName("counts")]
    public Dictionary<string, long> Counts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How many of <see cref="Cases"/> the stored report lists when a summary keeps only the top ones.</summary>
    public const int TopCases = 50;

    /// <summary>
    /// Cases with at least one anomaly: in the stored report every one, in case order; in the summary a run returns,
    /// the <see cref="TopCases"/> with the most anomalies, most first (so a bad night's summary stays small).
    /// </summary>
    [JsonPropertyName("cases")]
    public List<CaseSummary> Cases { get; set; } = [];

    /// <summary>How many cases have at least one anomaly.</summary>
    [JsonPropertyName("casesWithAnomalies")]
    public long CasesWithAnomalies { get; set; }

    /// <summary>Every anomaly, in the order found. Empty in the summary a run returns; complete in the stored report.</summary>
    [JsonPropertyName("anomalies")]
    public List<Anomaly> Anomalies { get; set; } = [];

    /// <summary>Routine work the run queued itself (re-verification): not findings, not in <see cref="Counts"/>, the exit code or the alert.</summary>
    [JsonPropertyName("maintenance")]
    public ReconciliationMaintenance Maintenance { get; set; } = new();

    /// <summary>How a sharded run's shards ended (which completed, which failed and why); null for a single-process run.</summary>
    [JsonPropertyName("shards")]
    public ReconciliationShards? Shards { get; set; }

    /// <summary>Findings: what needs a person.</summary>
    [JsonIgnore]
    public long AnomalyCount => Counts.Where(c => !AnomalyKinds.IsMaintenance(c.Key)).Sum(c => c.Value);
}
