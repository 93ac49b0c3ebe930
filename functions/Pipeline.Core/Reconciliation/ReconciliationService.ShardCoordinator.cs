namespace Pipeline.Reconciliation;

/// <summary>
/// The index phase of a sharded run. The coordinator holds the run's lock and checkpoint as a single-process run does;
/// it checks the previous run's anchors, cuts the case space into ranges, sends one message per range, and folds each
/// shard's result into the run in shard order (its chunks copied after the run's own, its counts added, its anchors
/// listed), one checkpoint per shard, so the report is the one a single process writes. The store and intake phases
/// follow in the coordinator, as before.
/// </summary>
public sealed partial class ReconciliationService
{
    private async Task ReconcileShardedIndexAsync(ReconciliationRun run, IProgress<ReconciliationProgress>? progress, CancellationToken cancellationToken)
    {
        await CheckPreviousAnchorsAsync(run, cancellationToken);
        var plan = run.State.Sharding!;
        if (!plan.Planned)
        {
            plan.Shards = await PlanShardsAsync(plan.CasesPerShard, cancellationToken);
            plan.Planned = true;
            await run.CheckpointAsync(cancellationToken);
        }

        if (plan.SentAt is null)
        {
            // Sent again after a crash before this was saved: a repeated delivery finds the result saved, or loses the race to save it.
            var state = run.State;
            await shardSender.SendAsync(
                [.. plan.Shards.Skip(plan.Folded).Select(s => new ReconciliationShardRequest(state.RunId, s.Shard, s.After, s.Through, state.Rehash, state.PreviousRunId, state.PreviousRunKeyed))],
                cancellationToken);
            plan.SentAt = time.GetUtcNow();
            await run.CheckpointAsync(cancellationToken);
            Log.ShardsSent(logger, state.RunId, plan.Shards.Count - plan.Folded);
        }

        while (plan.Folded < plan.Shards.Count)
        {
            var shard = plan.Shards[plan.Folded];
            var result = await ReadShardResultAsync(run, shard, cancellationToken);
            if (result is null && time.GetUtcNow() - plan.SentAt < _shardOptions.ShardTimeout)
            {
                // Wall-clock polling: the workers run on real time whatever clock the pipeline is given.
                await Task.Delay(_shardOptions.PollInterval, cancellationToken);
                continue;
            }

            FoldShard(run.State, shard, result ?? new ShardResult
            {
                Status = ShardStatus.Failed,
                Detail = $"no worker finished it within {_shardOptions.ShardTimeout} of its sending",
            });
            if (result is { Status: ShardStatus.Completed })
            {
                await runs.CopyShardChunksAsync(result, run.State, cancellationToken);
                run.State.Chunks += result.Counted.Chunks;
                run.State.MaintenanceChunks += result.Counted.MaintenanceChunks;
            }

            plan.Folded++;
            await run.CheckpointAsync(cancellationToken);
            Report(progress, run);
        }
    }

    /// <summary>
    /// Shard boundaries from the evidence listing's case folders (<see cref="CaseWindows"/>; the coordinator holds only
    /// the boundaries): a range ends about every <paramref name="casesPerShard"/> folders, and the last range is open, so
    /// every partition of the table, with evidence or without, is in exactly one range.
    /// </summary>
    private async Task<List<ShardStatus>> PlanShardsAsync(int casesPerShard, CancellationToken cancellationToken)
    {
        var shards = new List<ShardStatus>();
        string? after = null;
        await foreach (var through in CaseWindows.EndsAsync(storage.Evidence, null, null, casesPerShard, cancellationToken))
        {
            shards.Add(new ShardStatus { Shard = shards.Count, After = after, Through = through });
            after = through;
        }

        shards.Add(new ShardStatus { Shard = shards.Count, After = after, Through = null });
        return shards;
    }

    /// <summary>The shard's result, or null while it has none; one that is not of the pipeline's shape is reported and fails the shard.</summary>
    private async Task<ShardResult?> ReadShardResultAsync(ReconciliationRun run, ShardStatus shard, CancellationToken cancellationToken)
    {
        try
        {
            return await runs.ReadShardResultAsync(run.State.RunId, shard.Shard, cancellationToken);
        }
        catch (MalformedCheckpointException ex)
        {
            run.Report(AnomalyKinds.MalformedRow, null, null, storage.Reports.Name, ex.BlobName, ex.Message);
            return new ShardResult { Status = ShardStatus.Failed, Detail = $"its result is not readable: {ex.Message}" };
        }
    }

    /// <summary>Adds a shard's counts to the run's and records how it ended; the chunks are counted by the caller once copied.</summary>
    private static void FoldShard(ReconciliationState state, ShardStatus shard, ShardResult result)
    {
        shard.Attempts = result.Attempts;
        shard.Detail = result.Detail;
        if (result.Status != ShardStatus.Completed)
        {
            shard.Status = ShardStatus.Failed;
            return;
        }

        var counted = result.Counted;
        shard.Status = ShardStatus.Completed;
        shard.CasesChecked = counted.CasesChecked;
        state.CasesChecked += counted.CasesChecked;
        state.DocumentsChecked += counted.DocumentsChecked;
        state.BlobsScanned += counted.BlobsScanned;
        state.ChecksEnqueued += counted.ChecksEnqueued;
        state.AnchorChunks.AddRange(counted.AnchorChunks);
        foreach (var (kind, count) in counted.Counts)
        {
            state.Counts[kind] = state.Counts.GetValueOrDefault(kind) + count;
        }

        foreach (var (kind, count) in counted.Maintenance)
        {
            state.Maintenance[kind] = state.Maintenance.GetValueOrDefault(kind) + count;
        }
    }
}
