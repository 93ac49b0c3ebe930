using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Audit;
using Pipeline.EvidenceStore;
using Pipeline.Hosting;
using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Intake;
using Pipeline.Integrity;
using Pipeline.Quarantine;
using Pipeline.Validation;
using Pipeline.Content;
using Pipeline.Storage;

namespace Pipeline.Reconciliation;

/// <summary>
/// Compares the whole documents table with the whole evidence container and intake — never a sample — case by case,
/// so memory is bounded by the largest case, not by the number of cases. Runs are locked, checkpointed and resumable;
/// a second run changes nothing but its own report (and re-drives or re-checks what is still outstanding).
/// </summary>
public sealed partial class ReconciliationService(
    PipelineStorage storage,
    DocumentIndex index,
    ReconciliationRunStore runs,
    AnchorStore anchorStore,
    IngestService ingest,
    IIntegrityCheckSender checks,
    IngestFailureLog failures,
    CaseLedger ledger,
    PipelineMetrics metrics,
    TimeProvider time,
    IOptions<ReconciliationOptions> options,
    ILogger<ReconciliationService> logger)
{
    private readonly ReconciliationOptions _options = options.Value;

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
        var state = await StartOrResumeAsync(request, resumeOnly, token);
        if (state is null)
        {
            return null;
        }

        var run = new ReconciliationRun(state, runs, anchorStore, runLock, _options, time);
        if (state.Phase == ReconciliationPhase.Index)
        {
            await ReconcileIndexAsync(run, progress, token);
            await run.EnterPhaseAsync(ReconciliationPhase.Store, token);
        }

        if (state.Phase == ReconciliationPhase.Store)
        {
            await ReconcileStoreAsync(run, progress, token);
            await run.EnterPhaseAsync(ReconciliationPhase.Intake, token);
        }

        if (state.Phase == ReconciliationPhase.Intake)
        {
            await ReconcileIntakeAsync(run, progress, token);
            await CompleteAnchorsAsync(run, token);
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
        foreach (var (kind, count) in report.Counts)
        {
            metrics.ReconciliationAnomalies(kind, count);
        }

        Log.Completed(logger, report.RunId, report.CasesChecked, report.DocumentsChecked, report.BlobsScanned, report.AnomalyCount);
        return report;
    }

    private async Task<ReconciliationState?> StartOrResumeAsync(ReconciliationRequest request, bool resumeOnly, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var unfinished = request.ForceNew ? null : await runs.LoadUnfinishedAsync(cancellationToken);
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

        var previous = await FindPreviousAnchoredRunAsync(cancellationToken);
        var state = new ReconciliationState
        {
            RunId = $"{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..8]}",
            StartedAt = now,
            Rehash = request.Rehash,
            PreviousRunId = previous,
        };
        await runs.StartAsync(state, cancellationToken);
        Log.Started(logger, state.RunId, state.Rehash);
        return state;
    }

    private async Task ReconcileIndexAsync(ReconciliationRun run, IProgress<ReconciliationProgress>? progress, CancellationToken cancellationToken)
    {
        await CheckPreviousAnchorsAsync(run, cancellationToken);
        var cursor = run.State.Cursor;
        var anchors = await AnchorReader.OpenAsync(anchorStore, run.State.PreviousRunId, cancellationToken);
        if (cursor is not null)
        {
            await anchors.SkipThroughAsync(cursor, cancellationToken);
        }

        void Vanished(CaseAnchor anchor)
        {
            run.Report(
                AnomalyKinds.ChainBroken,
                anchor.CaseId,
                null,
                null,
                null,
                $"a completed run saw {anchor.Sequence} audit records in this case (last anchored by run {run.State.PreviousRunId}); now it has no rows at all");

            // Carried forward: a deleted case stays reported every night until it is restored, not just once.
            run.Anchor(anchor);
        }

        while (await index.NextCaseAsync(cursor, cancellationToken) is { } caseId)
        {
            var previous = await anchors.AdvanceToAsync(caseId, Vanished, cancellationToken);
            if (caseId == DocumentRowKeys.UnroutablePartition)
            {
                await ReconcileUnroutableAsync(run, cancellationToken);
            }
            else
            {
                await ReconcileCaseAsync(run, caseId, previous, RequireKeyedAfter(anchors, previous), cancellationToken);
                run.State.CasesChecked++;
            }

            await run.CompleteUnitAsync(caseId, cancellationToken);
            Report(progress, run);
            cursor = caseId;
        }

        await anchors.DrainAsync(Vanished, cancellationToken);
    }

    private async Task ReconcileCaseAsync(ReconciliationRun run, string caseId, CaseAnchor? previous, long? requireKeyedAfter, CancellationToken cancellationToken)
    {
        // Read order matters while uploads continue: rows and markers, then the head, then audit records up to that
        // head, then the blob listings. A row commits with its audit record, and bytes are written before their row,
        // so whatever is read first is accounted for by what is read after it; anything newer is tomorrow's work.
        var documents = new List<DocumentRecord>();
        await foreach (var document in index.QueryCaseAsync(caseId, cancellationToken))
        {
            documents.Add(document);
        }

        var markers = new List<UploadMarker>();
        await foreach (var marker in index.QueryUploadMarkersAsync(caseId, documentId: null, cancellationToken))
        {
            markers.Add(marker);
        }

        var head = await ledger.GetHeadAsync(caseId, cancellationToken);
        var verifier = ledger.CreateVerifier(caseId, requireKeyedAfter);
        var audited = new HashSet<string>(StringComparer.Ordinal);
        string? hashAtAnchor = null;
        // Up to the head only: records appended after it was read belong to tomorrow's run.
        await foreach (var record in ledger.QueryRecordsAsync(caseId, head?.Sequence, cancellationToken))
        {
            verifier.Add(record);
            if (previous is not null && record.Sequence == previous.Sequence)
            {
                hashAtAnchor = record.Hash;
            }

            if (record.Kind is AuditKinds.DocumentIngested or AuditKinds.UploadRejected && record.DocumentId is not null)
            {
                audited.Add(record.DocumentId);
            }
        }

        verifier.Complete(head);
        var anchorBreak = previous switch
        {
            null => null,
            _ when head is null || head.Sequence < previous.Sequence =>
                $"the chain was cut back: run {run.State.PreviousRunId} saw it reach record {previous.Sequence}, now it ends at {head?.Sequence ?? 0}",
            _ when !string.Equals(hashAtAnchor, previous.Hash, StringComparison.Ordinal) =>
                $"audit record {previous.Sequence} is not the one run {run.State.PreviousRunId} saw",
            _ => null,
        };
        if (verifier.Break is { } chainBreak)
        {
            run.Report(AnomalyKinds.ChainBroken, caseId, null, null, null, chainBreak);
        }
        else if (anchorBreak is not null)
        {
            run.Report(AnomalyKinds.ChainBroken, caseId, null, null, null, anchorBreak);
        }

        // Anchor what verified; a broken chain keeps the last trustworthy anchor, so tomorrow still compares against it.
        if (verifier.Break is null && anchorBreak is null && head is not null)
        {
            run.Anchor(new CaseAnchor(caseId, head.Sequence, head.LastHash));
        }
        else if (previous is not null)
        {
            run.Anchor(previous);
        }

        var prefix = caseId + "/";
        var evidenceBlobs = new Dictionary<string, BlobItem>(StringComparer.Ordinal);
        await foreach (var blob in storage.Evidence.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix, Traits = BlobTraits.Metadata }, cancellationToken))
        {
            evidenceBlobs[blob.Name] = blob;
        }

        run.State.BlobsScanned += evidenceBlobs.Count;
        var quarantined = await ListQuarantineAsync(prefix, cancellationToken);
        var quarantineClaimed = new HashSet<string>(StringComparer.Ordinal);

        var rows = new HashSet<string>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            rows.Add(document.DocumentId);
            run.State.DocumentsChecked++;
            if (!audited.Contains(document.DocumentId))
            {
                run.Report(AnomalyKinds.ChainBroken, caseId, document.DocumentId, storage.Evidence.Name, document.EvidenceBlob, "the document has a row but no audit record of its arrival");
            }

            if (document.State == DocumentStates.Rejected)
            {
                quarantineClaimed.Add(document.QuarantineBlob ?? "");
                if (document.QuarantineBlob is not null && !quarantined.ContainsKey(document.QuarantineBlob))
                {
                    run.Report(AnomalyKinds.Missing, caseId, document.DocumentId, storage.Quarantine.Name, document.QuarantineBlob, "the rejected upload's quarantine blob does not exist");
                }

                continue;
            }

            await ReconcileDocumentAsync(run, document, evidenceBlobs, cancellationToken);
        }

        foreach (var documentId in audited.Where(id => !rows.Contains(id)).Order(StringComparer.Ordinal))
        {
            // A document indexed after the rows were read has its audit record up to the head: confirm before reporting.
            if (await index.GetAsync(caseId, documentId, cancellationToken) is null)
            {
                run.Report(AnomalyKinds.Missing, caseId, documentId, null, null, "the audit chain records this document's arrival but its row is gone");
            }
        }

        var claimedByMarkers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var marker in markers)
        {
            quarantineClaimed.Add(marker.QuarantineBlob);
            if (marker.QuarantineBlob.Length > 0 && !quarantined.ContainsKey(marker.QuarantineBlob))
            {
                run.Report(AnomalyKinds.Missing, caseId, marker.DocumentId, storage.Quarantine.Name, marker.QuarantineBlob, $"the quarantine blob of a {marker.Outcome} upload does not exist");
            }

            // Two records may name the same left-behind blob (its upload was replaced and recorded again).
            if (marker.EvidenceBlob is not null && !evidenceBlobs.Remove(marker.EvidenceBlob) && !claimedByMarkers.Contains(marker.EvidenceBlob))
            {
                run.Report(AnomalyKinds.Missing, caseId, marker.DocumentId, storage.Evidence.Name, marker.EvidenceBlob, $"the evidence blob written by a {marker.Outcome} upload does not exist");
            }

            if (marker.EvidenceBlob is not null)
            {
                claimedByMarkers.Add(marker.EvidenceBlob);
            }
        }

        foreach (var (name, landed) in quarantined.Where(q => !quarantineClaimed.Contains(q.Key)).OrderBy(q => q.Key, StringComparer.Ordinal))
        {
            // Written before its row or upload record: only an old one with neither is unaccounted for.
            if (time.GetUtcNow() - landed >= _options.StuckAfter)
            {
                run.Report(AnomalyKinds.Untracked, caseId, DocumentIdOf(name), storage.Quarantine.Name, name, "a quarantined upload that no row or upload record points to");
            }
        }

        foreach (var untracked in evidenceBlobs.Values.OrderBy(b => b.Name, StringComparer.Ordinal))
        {
            if (await IsUntrackedAsync(caseId, untracked, cancellationToken))
            {
                run.Report(AnomalyKinds.Untracked, caseId, DocumentIdOf(untracked.Name), storage.Evidence.Name, untracked.Name, "an evidence blob that no document row points to");
            }
        }
    }

    /// <summary>
    /// An evidence blob with no row is untracked only once it is older than the stuck threshold (its ingest may still
    /// be committing) and a fresh read of its document's row confirms that nothing points to it.
    /// </summary>
    private async Task<bool> IsUntrackedAsync(string? caseId, BlobItem blob, CancellationToken cancellationToken)
    {
        var created = blob.Properties.CreatedOn ?? blob.Properties.LastModified;
        if (created is { } landed && time.GetUtcNow() - landed < _options.StuckAfter)
        {
            return false;
        }

        var documentId = DocumentIdOf(blob.Name);
        if (caseId is null || documentId is null)
        {
            return true;
        }

        var row = await index.GetAsync(caseId, documentId, cancellationToken);
        return row is null || !string.Equals(row.EvidenceBlob, blob.Name, StringComparison.Ordinal);
    }

    private async Task ReconcileDocumentAsync(ReconciliationRun run, DocumentRecord document, Dictionary<string, BlobItem> evidenceBlobs, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var needsCheck = false;
        if (document.EvidenceBlob is null || !evidenceBlobs.Remove(document.EvidenceBlob, out var blob))
        {
            run.Report(AnomalyKinds.Missing, document.CaseId, document.DocumentId, storage.Evidence.Name, document.EvidenceBlob, "the row pins an evidence blob that does not exist");
            needsCheck = document.EvidenceBlob is not null;
        }
        else
        {
            var problems = ComparePins(document, blob);
            if (problems.Count == 0 && run.State.Rehash)
            {
                var download = await storage.Evidence.GetBlobClient(blob.Name).DownloadStreamingAsync(cancellationToken: cancellationToken);
                await using var content = download.Value.Content;
                var digest = await ContentHasher.HashAsync(content, cancellationToken: cancellationToken);
                if (!string.Equals(digest.Sha256, document.Sha256, StringComparison.Ordinal))
                {
                    problems.Add($"the bytes now hash to {digest.Sha256}, pinned {document.Sha256}");
                }
            }

            if (problems.Count == 0 && document.State == DocumentStates.Corrupt)
            {
                problems.Add($"the last integrity check found the bytes changed: {document.LastCheckDetail}");
            }

            if (problems.Count > 0)
            {
                run.Report(AnomalyKinds.Changed, document.CaseId, document.DocumentId, storage.Evidence.Name, blob.Name, string.Join("; ", problems));
                needsCheck = true;
            }
            else if (document.State == DocumentStates.Missing)
            {
                // The blob is back (e.g. restored from a version): let the checker verify and audit that.
                needsCheck = true;
            }
            else if (document.LastVerifiedAt is null ? now - document.IngestedAt >= _options.VerificationGrace : now - document.LastVerifiedAt >= _options.VerificationMaxAge)
            {
                run.Report(
                    AnomalyKinds.Unverified,
                    document.CaseId,
                    document.DocumentId,
                    storage.Evidence.Name,
                    blob.Name,
                    document.LastVerifiedAt is null ? $"never verified since ingest at {document.IngestedAt:O}" : $"last verified {document.LastVerifiedAt:O}");
                needsCheck = true;
            }
        }

        if (needsCheck && _options.EnqueueChecks)
        {
            var request = new IntegrityCheckRequest(document.CaseId, document.DocumentId, document.Sha256);
            run.Defer(async token =>
            {
                try
                {
                    await checks.EnqueueAsync(request, token);
                    run.State.ChecksEnqueued++;
                }
                catch (Exception ex) when (!token.IsCancellationRequested)
                {
                    // Reported already; still unverified tomorrow, so queued then. One failure must not end the run.
                    Log.EnqueueFailed(logger, request.CaseId, request.DocumentId, ex);
                }
            });
        }
    }

    private static List<string> ComparePins(DocumentRecord document, BlobItem blob)
    {
        var problems = new List<string>();
        if (blob.Properties.ContentLength != document.Length)
        {
            problems.Add($"length is {blob.Properties.ContentLength}, pinned {document.Length}");
        }

        var sha = EvidenceMetadata.Find(blob.Metadata, EvidenceMetadata.Sha256);
        if (!string.Equals(sha, document.Sha256, StringComparison.Ordinal))
        {
            problems.Add($"sha256 metadata is {sha ?? "absent"}, pinned {document.Sha256}");
        }

        if (document.EvidenceETag is not null && blob.Properties.ETag is { } etag && !string.Equals(Unquote(etag.ToString()), Unquote(document.EvidenceETag), StringComparison.Ordinal))
        {
            problems.Add($"ETag is {Unquote(etag.ToString())}, pinned {Unquote(document.EvidenceETag)}: the blob was rewritten");
        }

        if (document.Md5 is not null && blob.Properties.ContentHash is { Length: > 0 } md5 && !string.Equals(Convert.ToBase64String(md5), document.Md5, StringComparison.Ordinal))
        {
            problems.Add($"Content-MD5 is {Convert.ToBase64String(md5)}, pinned {document.Md5}");
        }

        return problems;
    }

    private async Task ReconcileUnroutableAsync(ReconciliationRun run, CancellationToken cancellationToken)
    {
        var quarantined = await ListQuarantineAsync(DocumentRowKeys.UnroutablePartition + "/", cancellationToken);
        // Rejection rows only: other row kinds in this partition (failed-attempt records) start with '~'.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {DocumentRowKeys.UnroutablePartition} and RowKey lt {DocumentRowKeys.MetaPrefix}");
        await foreach (var record in storage.Documents.QueryAsync<DocumentRecord>(filter, cancellationToken: cancellationToken))
        {
            run.State.DocumentsChecked++;
            if (record.QuarantineBlob is not null && !quarantined.ContainsKey(record.QuarantineBlob))
            {
                run.Report(AnomalyKinds.Missing, null, null, storage.Quarantine.Name, record.QuarantineBlob, $"the quarantine blob of unroutable upload {record.IntakeBlob} does not exist");
            }
        }
    }

    private async Task ReconcileStoreAsync(ReconciliationRun run, IProgress<ReconciliationProgress>? progress, CancellationToken cancellationToken)
    {
        var cursor = run.State.Cursor;
        await foreach (var item in storage.Evidence.GetBlobsByHierarchyAsync(new GetBlobsByHierarchyOptions { Delimiter = "/" }, cancellationToken))
        {
            var key = item.IsPrefix ? item.Prefix : item.Blob.Name;
            if (cursor is not null && ListingOrder.Compare(key, cursor) <= 0)
            {
                continue;
            }

            if (!item.IsPrefix)
            {
                run.State.BlobsScanned++;
                if (await IsUntrackedAsync(null, item.Blob, cancellationToken))
                {
                    run.Report(AnomalyKinds.Untracked, null, null, storage.Evidence.Name, key, "an evidence blob outside any case folder");
                }
            }
            else if (!await index.CaseExistsAsync(key.TrimEnd('/'), cancellationToken))
            {
                var caseId = key.TrimEnd('/');
                await foreach (var blob in storage.Evidence.GetBlobsAsync(new GetBlobsOptions { Prefix = key }, cancellationToken))
                {
                    run.State.BlobsScanned++;
                    if (await IsUntrackedAsync(caseId, blob, cancellationToken))
                    {
                        run.Report(AnomalyKinds.Untracked, caseId, DocumentIdOf(blob.Name), storage.Evidence.Name, blob.Name, "an evidence blob of a case the index does not know");
                    }
                }
            }

            await run.CompleteUnitAsync(key, cancellationToken);
            Report(progress, run);
        }
    }

    private async Task ReconcileIntakeAsync(ReconciliationRun run, IProgress<ReconciliationProgress>? progress, CancellationToken cancellationToken)
    {
        var cursor = run.State.Cursor;
        var now = time.GetUtcNow();
        await foreach (var item in storage.Intake.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Tags }, cancellationToken))
        {
            if (cursor is not null && ListingOrder.Compare(item.Name, cursor) <= 0)
            {
                continue;
            }

            run.State.IntakeBlobsScanned++;
            var path = IntakePathParser.TryParse(item.Name, out var parsed, out _) ? parsed : null;
            if (!IntakeMarks.IsProcessed(item.Tags, item.Properties.ETag))
            {
                var landed = item.Properties.CreatedOn ?? item.Properties.LastModified ?? now;
                if (now - landed >= _options.StuckAfter)
                {
                    var detail = $"landed {landed:O} and was not ingested within {_options.StuckAfter}";
                    if (await failures.GetAsync(item.Name, cancellationToken) is { } failure && failure.IsFor(item.Properties.ETag))
                    {
                        detail += $"; {failure.Attempts} ingest attempt(s) failed since {failure.FirstFailedAt:O}, last: {failure.LastError}";
                    }

                    if (_options.RedriveStuck)
                    {
                        // Re-driven once this report is saved; the outcome is in the case's rows, audit chain and logs.
                        detail += "; re-drive scheduled";
                        var intakeBlob = item.Name;
                        run.Defer(async token =>
                        {
                            if (await RedriveAsync(intakeBlob, token))
                            {
                                run.State.UploadsRedriven++;
                            }
                        });
                    }

                    run.Report(AnomalyKinds.Stuck, path?.CaseId, path?.UploadId, storage.Intake.Name, item.Name, detail);
                }
            }
            else if (await FindIntakeRecordAsync(item.Name, path, IntakeMarks.StateOf(item.Tags, item.Properties.ETag)!, cancellationToken) is { } gone)
            {
                run.Report(AnomalyKinds.Missing, path?.CaseId, path?.UploadId, storage.Intake.Name, item.Name, gone);
            }

            await run.CompleteUnitAsync(item.Name, cancellationToken);
            Report(progress, run);
        }
    }

    /// <summary>
    /// A handled intake blob must still have what ingest recorded for it: its document row, or an upload record
    /// (duplicate, conflict, rejection under a taken or invalid id), or its unroutable row. Null when it does;
    /// otherwise what is gone. Keyed reads only: no partition scans.
    /// </summary>
    private async Task<string?> FindIntakeRecordAsync(string intakeBlob, IntakePath? path, string mark, CancellationToken cancellationToken)
    {
        if (path is not null)
        {
            var row = await index.GetAsync(path.CaseId, path.UploadId, cancellationToken);
            if (mark is IntakeMarks.Ingested or IntakeMarks.Duplicate && row is null)
            {
                return $"intake is marked {mark} but the document row does not exist";
            }

            if (row is not null && string.Equals(row.IntakeBlob, intakeBlob, StringComparison.Ordinal) && mark is IntakeMarks.Ingested or IntakeMarks.Rejected)
            {
                return null;
            }

            return await index.AnyUploadMarkerAsync(path.CaseId, path.UploadId, m => m.IntakeBlob == intakeBlob, cancellationToken) || (row is not null && mark == IntakeMarks.Ingested)
                ? null
                : $"intake is marked {mark} but neither its document row nor its upload record names it";
        }

        if (IntakePathParser.TryGetCaseId(intakeBlob, out var caseOnly))
        {
            return await index.AnyUploadMarkerAsync(caseOnly, "", m => m.IntakeBlob == intakeBlob, cancellationToken)
                ? null
                : $"intake is marked {mark} but its upload record in case {caseOnly} does not exist";
        }

        var prefix = QuarantineBlobStore.UnroutableKey(intakeBlob) + "-";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {DocumentRowKeys.UnroutablePartition} and RowKey ge {prefix} and RowKey lt {prefix + "~"}");
        await foreach (var _ in storage.Documents.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            return null;
        }

        return $"intake is marked {mark} but its unroutable record does not exist";
    }

    private async Task<bool> RedriveAsync(string intakeBlob, CancellationToken cancellationToken)
    {
        try
        {
            var result = await ingest.IngestAsync(intakeBlob, cancellationToken);
            Log.Redriven(logger, intakeBlob, result.Outcome);
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // One bad upload must not stop the run (nor, through resume, every later run): log it and go on;
            // it is still stuck tomorrow, and reported again.
            Log.RedriveFailed(logger, intakeBlob, ex);
            return false;
        }
    }

    /// <summary>Quarantine blob names under a prefix, with when each landed.</summary>
    private async Task<Dictionary<string, DateTimeOffset>> ListQuarantineAsync(string prefix, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await foreach (var blob in storage.Quarantine.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken))
        {
            names[blob.Name] = blob.Properties.CreatedOn ?? blob.Properties.LastModified ?? DateTimeOffset.MinValue;
        }

        return names;
    }

    private static string? DocumentIdOf(string blobName) => blobName.Split('/') is { Length: >= 2 } parts ? parts[1] : null;

    private static string Unquote(string etag) => etag.Trim('"');

    private static void Report(IProgress<ReconciliationProgress>? progress, ReconciliationRun run) =>
        progress?.Report(new ReconciliationProgress(
            run.State.Phase, run.State.Cursor, run.State.CasesChecked, run.State.DocumentsChecked, run.State.BlobsScanned, run.State.IntakeBlobsScanned, run.AnomalyCount));
}
