using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Pipeline.Audit;
using Pipeline.Index;
using Pipeline.Storage;
using Pipeline.Validation;

namespace Pipeline.Disposal;

/// <summary>
/// Sets and clears a case's legal hold: each change is one transaction of the <see cref="CaseHold"/> row and its audit
/// record; while it is set, <see cref="DisposalService"/> refuses. The hold is then mirrored to the legal-hold flag of
/// every evidence blob of the case (disposed documents' too: their bytes are still kept), and what the mirror did is
/// audited; where the account cannot hold blobs (Azurite, no version-level immutability) that is a recorded no-op with
/// a warning, and the hold stays in force in the pipeline.
/// </summary>
public sealed partial class LegalHoldService(
    PipelineStorage storage, DocumentIndex index, CaseLedger ledger, IBlobLegalHold blobHolds, TimeProvider time, ILogger<LegalHoldService> logger)
{
    private const int MaxAttempts = 5;

    public async Task<CaseHold?> GetAsync(string caseId, CancellationToken cancellationToken = default)
    {
        var response = await storage.Documents.GetEntityIfExistsAsync<CaseHold>(caseId, DocumentRowKeys.LegalHold, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    public Task<LegalHoldResult> SetAsync(LegalHoldRequest request, CancellationToken cancellationToken = default) =>
        ChangeAsync(request, active: true, cancellationToken);

    public Task<LegalHoldResult> ClearAsync(LegalHoldRequest request, CancellationToken cancellationToken = default) =>
        ChangeAsync(request, active: false, cancellationToken);

    private async Task<LegalHoldResult> ChangeAsync(LegalHoldRequest request, bool active, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Reason, nameof(request.Reason));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Actor, nameof(request.Actor));
        var reason = UntrustedText.Bound(request.Reason, DisposalService.MaxReasonLength);
        var actor = UntrustedText.Bound(request.Actor, DisposalService.MaxActorLength);
        if (!await index.CaseExistsAsync(request.CaseId, cancellationToken))
        {
            return new LegalHoldResult(LegalHoldOutcome.CaseNotFound, $"case {request.CaseId} not found");
        }

        for (var attempt = 1; ; attempt++)
        {
            var hold = await GetAsync(request.CaseId, cancellationToken);
            if ((hold?.Active ?? false) == active)
            {
                if (!active)
                {
                    return new LegalHoldResult(LegalHoldOutcome.NotHeld, $"case {request.CaseId} is not under legal hold");
                }

                var again = await MirrorAsync(request.CaseId, active, cancellationToken);
                return new LegalHoldResult(LegalHoldOutcome.AlreadySet, $"case {request.CaseId} was already under legal hold since {hold!.ChangedAt:O} ({hold.Reason})", again.Detail, again.Warning);
            }

            var row = new CaseHold { PartitionKey = request.CaseId, RowKey = DocumentRowKeys.LegalHold, Active = active, Reason = reason, ChangedBy = actor, ChangedAt = time.GetUtcNow() };
            try
            {
                await ledger.AppendAsync(
                    request.CaseId,
                    new AuditEntry(active ? AuditKinds.LegalHoldSet : AuditKinds.LegalHoldCleared, null, null, $"legal hold {(active ? "set" : "cleared")} by {actor}: {reason}"),
                    [hold is null
                        ? new TableTransactionAction(TableTransactionActionType.Add, row)
                        : new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, hold.ETag)],
                    cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (attempt < MaxAttempts && ex.Status is 409 or 412 && ex.FailedTransactionActionIndex == 0)
            {
                // A disposal's guard or another hold change committed first: read the hold again.
                continue;
            }

            Log.Changed(logger, request.CaseId, active, actor);
            var mirror = await MirrorAsync(request.CaseId, active, cancellationToken);
            return new LegalHoldResult(active ? LegalHoldOutcome.Set : LegalHoldOutcome.Cleared, $"legal hold on case {request.CaseId} {(active ? "set" : "cleared")}", mirror.Detail, mirror.Warning);
        }
    }

    /// <summary>Applies the hold's state to every evidence blob of the case and audits what happened.</summary>
    private async Task<(string Detail, string? Warning)> MirrorAsync(string caseId, bool hold, CancellationToken cancellationToken)
    {
        int applied = 0, missing = 0, skipped = 0;
        string? notSupported = null;
        await foreach (var document in index.QueryCaseAsync(caseId, cancellationToken))
        {
            if (string.IsNullOrEmpty(document.EvidenceBlob) || document.State == DocumentStates.Rejected)
            {
                continue;
            }

            if (notSupported is not null)
            {
                skipped++;
                continue;
            }

            var outcome = await blobHolds.SetAsync(document.EvidenceBlob, hold, cancellationToken);
            if (outcome.Status == BlobLegalHoldStatus.Applied)
            {
                applied++;
            }
            else if (outcome.Status == BlobLegalHoldStatus.BlobMissing)
            {
                missing++;
            }
            else
            {
                // An account-wide answer: the remaining blobs would say the same.
                notSupported = outcome.Detail ?? "not supported";
                skipped++;
            }
        }

        var verb = hold ? "set on" : "cleared from";
        string detail;
        string? warning = null;
        if (notSupported is not null)
        {
            detail = $"blob legal hold not supported by this storage account ({notSupported}): not {verb} {skipped} evidence blob(s); the hold's state is kept by the pipeline (audit chain and hold row) only";
            warning = detail;
            Log.MirrorNotSupported(logger, caseId, notSupported);
        }
        else
        {
            detail = $"blob legal hold {verb} {applied} evidence blob(s)" + (missing > 0 ? $"; {missing} evidence blob(s) missing (reconciliation reports them)" : "");
            warning = missing > 0 ? detail : null;
        }

        await ledger.AppendAsync(caseId, new AuditEntry(AuditKinds.LegalHoldMirrored, null, null, detail), [], cancellationToken);
        return (detail, warning);
    }
}
