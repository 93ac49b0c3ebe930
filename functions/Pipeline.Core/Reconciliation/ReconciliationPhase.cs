namespace Pipeline.Reconciliation;

public enum ReconciliationPhase
{
    /// <summary>Every case in the index against its evidence and quarantine blobs and its audit chain.</summary>
    Index = 1,

    /// <summary>Every case prefix in evidence that has no rows at all.</summary>
    Store = 2,

    /// <summary>Every intake blob: stuck, or marked ingested without a row.</summary>
    Intake = 3,

    Done = 4,
}
