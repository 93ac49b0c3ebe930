using System.Text.Json.Serialization;
using Azure;

namespace Pipeline.Reconciliation;

/// <summary>A run's checkpoint: where it is, and what it has counted up to there. Saved after each chunk of anomalies.</summary>
public sealed class ReconciliationState
{
    [JsonPropertyName("runId")]
    public string RunId { get; set; } = "";

    [JsonPropertyName("startedAt")]
    public DateTimeOffset StartedAt { get; set; }

    [JsonPropertyName("completedAt")]
    public DateTimeOffset? CompletedAt { get; set; }

    [JsonPropertyName("rehash")]
    public bool Rehash { get; set; }

    [JsonPropertyName("resumes")]
    public int Resumes { get; set; }

    [JsonPropertyName("phase")]
    public ReconciliationPhase Phase { get; set; } = ReconciliationPhase.Index;

    /// <summary>The last case, prefix or blob name fully handled in <see cref="Phase"/>; null at the phase's start.</summary>
    [JsonPropertyName("cursor")]
    public string? Cursor { get; set; }

    [JsonPropertyName("chunks")]
    public int Chunks { get; set; }

    /// <summary>The chunks of <see cref="CaseAnchor"/> this run has written to the anchors container (same checkpoint rules as anomaly chunks).</summary>
    [JsonPropertyName("anchors")]
    public List<AnchorChunk> AnchorChunks { get; set; } = [];

    /// <summary>The completed run whose anchors this run checks chains against; fixed when the run starts.</summary>
    [JsonPropertyName("previousRunId")]
    public string? PreviousRunId { get; set; }

    /// <summary>Whether the previous run's anchors have been checked (and their problems reported) by this run.</summary>
    [JsonPropertyName("anchorsChecked")]
    public bool AnchorsChecked { get; set; }

    /// <summary>Whether the previous run keyed the chain: then every record it did not anchor must be keyed too.</summary>
    [JsonPropertyName("previousRunKeyed")]
    public bool PreviousRunKeyed { get; set; }

    [JsonPropertyName("casesChecked")]
    public long CasesChecked { get; set; }

    [JsonPropertyName("documentsChecked")]
    public long DocumentsChecked { get; set; }

    [JsonPropertyName("blobsScanned")]
    public long BlobsScanned { get; set; }

    [JsonPropertyName("intakeBlobsScanned")]
    public long IntakeBlobsScanned { get; set; }

    [JsonPropertyName("checksEnqueued")]
    public long ChecksEnqueued { get; set; }

    [JsonPropertyName("counts")]
    public Dictionary<string, long> Counts { get; set; } = AnomalyKinds.Findings.ToDictionary(k => k, _ => 0L, StringComparer.Ordinal);

    /// <summary>Chunks of maintenance items (same checkpoint rules as anomaly chunks).</summary>
    [JsonPropertyName("maintenanceChunks")]
    public int MaintenanceChunks { get; set; }

    [JsonPropertyName("maintenance")]
    public Dictionary<string, long> Maintenance { get; set; } = AnomalyKinds.Maintenance.ToDictionary(k => k, _ => 0L, StringComparer.Ordinal);

    /// <summary>The shards of a sharded run; null when one process reconciles every case.</summary>
    [JsonPropertyName("sharding")]
    public ShardPlan? Sharding { get; set; }

    /// <summary>A shard failed: its cases are not in the counts, and the run anchors nothing.</summary>
    [JsonIgnore]
    public bool Incomplete => Sharding?.Shards.Exists(s => s.Status == ShardStatus.Failed) == true;

    /// <summary>ETag of the stored checkpoint this process last read or wrote; saves are conditional on it.</summary>
    [JsonIgnore]
    public ETag? StoredETag { get; set; }
}
