namespace Pipeline.Reconciliation;

/// <param name="Rehash">Also re-read and re-hash every evidence blob (slow; catches bit rot that leaves metadata intact).</param>
/// <param name="ForceNew">Start a new run even when an unfinished one could be resumed.</param>
public sealed record ReconciliationRequest(bool Rehash = false, bool ForceNew = false);
