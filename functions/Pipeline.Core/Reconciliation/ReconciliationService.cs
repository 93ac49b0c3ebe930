using System.Globalization;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Audit;
using Pipeline.Faults;
using Pipeline.Hosting;
using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Intake;
using Pipeline.Integrity;
using Pipeline.Storage;

namespace Pipeline.Reconciliation;

/// <summary>
/// Compares the whole documents table with the whole evidence container and intake — never a sample — case by case,
/// so memory is bounded by the largest case, not by the number of cases. Runs are locked, checkpointed and resumable;
/// a second run changes nothing but its own report (and re-checks what is still outstanding). Stuck uploads are
/// reported only: the intake sweeper owns re-ingest.
/// </summary>
public sealed partial class ReconciliationService(
    PipelineStorage storage,
    DocumentIndex index,
    ReconciliationRunStore runs,
    AnchorStore anchorStore,
    IIntegrityCheckSender checks,
    IReconciliationShardSender shardSender,
    IFaultInjector faults,
    IDeadLetteredChecks deadLetters,
    IngestFailureLog failures,
    UploadIntents intents,
    UnaddressableIntake unaddressable,
    CaseLedger ledger,
    PipelineMetrics metrics,
    TimeProvider time,
    IOptions<ReconciliationOptions> options,
    IOptions<ReconciliationShardOptions> shardOptions,
    ILogger<ReconciliationService> logger)
{
    private readonly ReconciliationOptions _options = options.Value;
    private readonly ReconciliationShardOptions _shardOptions = shardOptions.Value;

    /// <summary>Runs (or resumes) a full reconciliation. Throws <see cref="ReconciliationAlreadyRunningException"/> when another run holds the lock.</summary>
    public async Task<ReconciliationReport> RunAsync(
        ReconciliationRequest? request = null, IProgress<ReconciliationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var report = await RunOrResumeAsync(request ?? new ReconciliationRequest(), resumeOnly: false, progress, cancellationToken);
        return report!;
    }

    /// <summary>Finishes an unfinished run if there is one (a run cut off by a host timeout or crash); otherwise does nothing and returns null.</summary>
    public Task<ReconciliationReport?> ResumeUnfinishedAsync(IProgress<ReconciliationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RunOrResumeAsync(new ReconciliationRequest(), resumeOnly: true, progress, cancellationToken);

    private async Task<ReconciliationReport?> RunOrResumeAsync(
        ReconciliationRequest request, bool resumeOnly, IProgress<ReconciliationProgress>? progress, CancellationToken cancellationToken)
    {
        await using var runLock = await runs.TryLockAsync(cancellationToken) ?? throw new ReconciliationAlreadyRunningException();
        try
        {
            return await RunLockedAsync(runLock, request, resumeOnly, progress, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested
            && (ex is ReconciliationSupersededException || (ex is OperationCanceledException && runLock.Lost.IsCancellationRequested && runLock.TakenByAnother)))
        {
            // Another process owns the run now and finishes it: for callers that is "another run holds the lock".
            Log.Superseded(logger, ex);
            throw new ReconciliationAlreadyRunningException("This run lost its lock to another process, which finishes it.", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && runLock.Lost.IsCancellationRequested)
        {
            // The lease could not be renewed (a storage outage, not another run): a failure, resumed from its checkpoint later.
            throw new ReconciliationLeaseLostException("The reconciliation lease could not be renewed; the run stopped and resumes from its last checkpoint.", runLock.RenewalFailure ?? ex);
        }
    }

    private async Task<ReconciliationReport?> RunLockedAsync(
        ReconciliationLock runLock, ReconciliationRequest request, bool resumeOnly, IProgress<ReconciliationProgress>? progress, CancellationToken cancellationToken)
    {
        // A lost lease (renewal failed) stops this run: another may take the lock and resume it.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, runLock.Lost);
        var token = linked.Token;
        var malformed = new List<MalformedCheckpointException>();
        var state = await StartOrResumeAsync(request, resumeOnly, malformed, token);
        if (state is null)
        {
            return null;
        }

        var run = new ReconciliationRun(state, new LockedRunCheckpoints(runs, runLock), anchorStore, _options, time);
        foreach (var checkpoint in malformed)
        {
            // Not what a run wrote: reported, and this run starts afresh rather than failing every night.
            run.Report(AnomalyKinds.MalformedRow, null, null, storage.Reports.Name, checkpoint.BlobName, checkpoint.Message);
        }

        if (state.Phase == ReconciliationPhase.Index)
        {
            await (state.Sharding is null ? ReconcileIndexAsync(run, progress, token) : ReconcileShardedIndexAsync(run, progress, token));
            await run.EnterPhaseAsync(ReconciliationPhase.Store, token);
        }

        if (state.Phase == ReconciliationPhase.Store)
        {
            await ReconcileStoreAsync(run, progress, token);
            await ReportDeadLetteredChecksAsync(run, token);
            await run.EnterPhaseAsync(ReconciliationPhase.Intake, token);
        }

        if (state.Phase == ReconciliationPhase.Intake)
        {
            await ReconcileIntakeAsync(run, progress, token);
            // A run with a failed shard anchors nothing: the next run checks chains against the last complete one.
            if (!state.Incomplete)
            {
                await CompleteAnchorsAsync(run, token);
            }

            await run.CheckpointAsync(token);
        }

        // The report first, then the state that says the run is complete: a crash between the two resumes and
        // rewrites the same report, rather than leaving a "complete" run without one.
        state.CompletedAt = time.GetUtcNow();
        await runLock.ConfirmHeldAsync(token);
        var report = await runs.WriteReportAsync(state, token);
        state.Phase = ReconciliationPhase.Done;
        await runs.SaveAsync(state, token);
        await runs.SetLastCompleteAsync(state, token);
        // Only findings reach the anomaly counter the alert reads; routine re-verification has its own.
        foreach (var (kind, count) in report.Counts.Where(c => !AnomalyKinds.IsMaintenance(c.Key)))
        {
            metrics.ReconciliationAnomalies(kind, count);
        }

        foreach (var (kind, count) in report.Maintenance.Counts)
        {
            metrics.ReconciliationMaintenance(kind, count);
        }

        Log.Completed(logger, report.RunId, report.CasesChecked, report.DocumentsChecked, report.BlobsScanned, report.AnomalyCount);
        return report;
    }

    private async Task<ReconciliationState?> StartOrResumeAsync(
        ReconciliationRequest request, bool resumeOnly, List<MalformedCheckpointException> malformed, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var unfinished = request.ForceNew ? null : await ReadCheckpointAsync(runs.LoadUnfinishedAsync, malformed, cancellationToken);
        if (unfinished is not null && now - unfinished.StartedAt <= _options.ResumeWithin && (resumeOnly || unfinished.Rehash == request.Rehash))
        {
            unfinished.CompletedAt = null;
            unfinished.Resumes++;
            Log.Resuming(logger, unfinished.RunId, unfinished.Phase, unfinished.Cursor);
            return unfinished;
        }

        if (resumeOnly)
        {
            return null;
        }

        // A malformed pointer is reported; the previous run itself comes from the anchors container.
        _ = await ReadCheckpointAsync(runs.GetLastCompleteAsync, malformed, cancellationToken);
        var previous = await FindPreviousAnchoredRunAsync(cancellationToken);
        var state = new ReconciliationState
        {
            RunId = $"{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..8]}",
            StartedAt = now,
            Rehash = request.Rehash,
            PreviousRunId = previous,
            Sharding = (request.Sharded ?? _shardOptions.Enabled) ? new ShardPlan { CasesPerShard = request.CasesPerShard ?? _shardOptions.CasesPerShard } : null,
        };
        await runs.StartAsync(state, cancellationToken);
        Log.Started(logger, state.RunId, state.Rehash);
        return state;
    }

    private static async Task<T?> ReadCheckpointAsync<T>(
        Func<CancellationToken, Task<T?>> read, List<MalformedCheckpointException> malformed, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await read(cancellationToken);
        }
        catch (MalformedCheckpointException ex)
        {
            malformed.Add(ex);
            return null;
        }
    }

    /// <summary>Quarantine blob names under a prefix, with when each landed.</summary>
    private async Task<Dictionary<string, DateTimeOffset>> ListQuarantineAsync(string prefix, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await foreach (var blob in storage.Quarantine.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken))
        {
            names[blob.Name] = CaseListings.LandedAt(blob);
        }

        return names;
    }

    private static string? DocumentIdOf(string blobName) => blobName.Split('/') is { Length: >= 2 } parts ? parts[1] : null;

    private static string Unquote(string etag) => etag.Trim('"');

    private static void Report(IProgress<ReconciliationProgress>? progress, ReconciliationRun run) =>
        progress?.Report(new ReconciliationProgress(
            run.State.Phase, run.State.Cursor, run.State.CasesChecked, run.State.DocumentsChecked, run.State.BlobsScanned, run.State.IntakeBlobsScanned, run.AnomalyCount));
}
