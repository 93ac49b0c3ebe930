using Pipeline.Faults;

namespace Pipeline.Reconciliation;

/// <summary>
/// A shard worker: reconciles the cases of one shard exactly as a single-process run does (the same per-case code, the
/// same anchor merge), saving what it finds in its own attempt folder and then its result. A delivery that fails is
/// retried up to <see cref="ReconciliationShardOptions.MaxAttempts"/>; the last failure is recorded as the shard's
/// result, so the coordinator never waits for it. Memory is bounded by one case, as in the single-process run.
/// </summary>
public sealed partial class ReconciliationService
{
    /// <summary>Handles one delivery of a shard message; <paramref name="deliveryCount"/> counts from 1.</summary>
    public async Task<ShardDisposition> ReconcileShardAsync(string message, int deliveryCount, CancellationToken cancellationToken = default)
    {
        if (ReconciliationShardRequest.TryParse(message) is not { } request)
        {
            Log.ShardMalformed(logger);
            return ShardDisposition.Malformed;
        }

        if (!await runs.IsUnfinishedRunAsync(request.RunId, cancellationToken))
        {
            Log.ShardStale(logger, request.RunId, request.Shard);
            return ShardDisposition.Stale;
        }

        if (await HasResultAsync(request, cancellationToken))
        {
            return ShardDisposition.Completed;
        }

        try
        {
            await faults.AtAsync(FaultSteps.ReconcileShard, $"{request.RunId}/{request.Shard}", cancellationToken);
            var attempt = Guid.NewGuid().ToString("N")[..8];
            var state = new ReconciliationState
            {
                RunId = request.RunId,
                StartedAt = time.GetUtcNow(),
                Rehash = request.Rehash,
                PreviousRunId = request.PreviousRunId,
                PreviousRunKeyed = request.PreviousRunKeyed,
                AnchorsChecked = true,
            };
            var run = new ReconciliationRun(state, new ShardCheckpoints(runs, request.Shard, attempt), anchorStore, _options, time);
            await ReconcileCasesAsync(run, request.After, request.Through, progress: null, cancellationToken);
            await run.CheckpointAsync(cancellationToken);
            await runs.SaveShardResultAsync(
                new ShardResult { RunId = request.RunId, Shard = request.Shard, Attempt = attempt, Attempts = deliveryCount, Counted = state },
                cancellationToken);
            Log.ShardCompleted(logger, request.RunId, request.Shard, deliveryCount, state.CasesChecked, state.DocumentsChecked);
            return ShardDisposition.Completed;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && deliveryCount < _shardOptions.MaxAttempts)
        {
            Log.ShardRetrying(logger, request.RunId, request.Shard, deliveryCount, ex);
            return ShardDisposition.RetryLater;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.ShardFailed(logger, request.RunId, request.Shard, deliveryCount, ex);
            var detail = $"{ex.GetType().Name}: {ex.Message}";
            await runs.SaveShardResultAsync(
                new ShardResult
                {
                    RunId = request.RunId,
                    Shard = request.Shard,
                    Attempts = deliveryCount,
                    Status = ShardStatus.Failed,
                    Detail = detail.Length <= 500 ? detail : detail[..500],
                },
                cancellationToken);
            return ShardDisposition.Failed;
        }
    }

    /// <summary>A result already saved (by an earlier delivery); one that cannot be read counts too: the coordinator reports it.</summary>
    private async Task<bool> HasResultAsync(ReconciliationShardRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await runs.ReadShardResultAsync(request.RunId, request.Shard, cancellationToken) is not null;
        }
        catch (MalformedCheckpointException)
        {
            return true;
        }
    }
}
