namespace Pipeline.Reconciliation;

/// <summary>Where a run is, for progress displays.</summary>
public sealed record ReconciliationProgress(ReconciliationPhase Phase, string? Cursor, long CasesChecked, long DocumentsChecked, long BlobsScanned, long IntakeBlobsScanned, long Anomalies);
