namespace Pipeline.Reconciliation;

/// <param name="Rehash">Also re-read and re-hash every evidence blob (slow; catches bit rot that leaves metadata intact).</param>
/// <param name="ForceNew">Start a new run even when an unfinished one could be resumed.</param>
/// <param name="Sharded">Fan the cases out to shard workers (null: as <see cref="ReconciliationShardOptions.Enabled"/> says). A resumed run keeps its own mode.</param>
/// <param name="CasesPerShard">About how many cases one shard holds (null: <see cref="ReconciliationShardOptions.CasesPerShard"/>).</param>
public sealed record ReconciliationRequest(bool Rehash = false, bool ForceNew = false, bool? Sharded = null, int? CasesPerShard = null);
