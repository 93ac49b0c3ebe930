using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Pipeline.Audit;
using Pipeline.Index;
using Pipeline.Storage;
using Pipeline.Validation;

namespace Pipeline.Disposal;

/// <summary>
/// Removes a document from its case: an explicit, audited event with a reason and an actor. The row stays with state
/// <see cref="DocumentStates.Disposed"/> and still names its evidence blob, whose bytes stay until retention allows
/// (nothing here, nor anywhere in the pipeline, deletes them, and nothing is disposed of by time alone). The scope is one
/// document of one case: the same bytes accepted into another case are that case's own document, blob and chain, and
/// survive. A legal hold on the case refuses the disposal (audited).
/// </summary>
public sealed partial class DisposalService(PipelineStorage storage, DocumentIndex index, CaseLedger ledger, TimeProvider time, ILogger<DisposalService> logger)
{
    public const int MaxReasonLength = 1024;
    public const int MaxActorLength = 256;
    private const int MaxAttempts = 5;

    public async Task<DisposalResult> DisposeAsync(DisposalRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Reason, nameof(request.Reason));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Actor, nameof(request.Actor));
        var reason = UntrustedText.Bound(request.Reason, MaxReasonLength);
        var actor = UntrustedText.Bound(request.Actor, MaxActorLength);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await DisposeOnceAsync(request.CaseId, request.DocumentId, reason, actor, cancellationToken);
                Log.Outcome(logger, request.CaseId, request.DocumentId, result.Outcome, actor);
                return result;
            }
            catch (TableTransactionFailedException ex) when (attempt < MaxAttempts && ex.Status is 409 or 412)
            {
                // The row or the hold changed between read and commit (a check, a hold): decide again on what is there now.
                Log.Raced(logger, request.CaseId, request.DocumentId, attempt);
            }
        }
    }

    private async Task<DisposalResult> DisposeOnceAsync(string caseId, string documentId, string reason, string actor, CancellationToken cancellationToken)
    {
        var row = await index.GetAsync(caseId, documentId, cancellationToken);
        if (row is null)
        {
            return new DisposalResult(DisposalOutcome.NotFound, $"case {caseId} has no document {documentId}");
        }

        if (row.State == DocumentStates.Disposed)
        {
            return new DisposalResult(DisposalOutcome.AlreadyDisposed, $"document {documentId} was disposed of at {row.DisposedAt:O} by {row.DisposedBy}: {row.DisposalReason}");
        }

        if (DocumentStateMachine.AuditKindFor(row.State, DocumentStates.Disposed) is null)
        {
            return new DisposalResult(DisposalOutcome.RefusedNotEvidence, $"document {documentId} is {row.State}, not evidence the case holds (a rejected upload is kept in quarantine)");
        }

        var hold = (await storage.Documents.GetEntityIfExistsAsync<CaseHold>(caseId, DocumentRowKeys.LegalHold, cancellationToken: cancellationToken)) is { HasValue: true } found ? found.Value : null;
        if (hold is { Active: true })
        {
            var refusal = await ledger.AppendAsync(
                caseId,
                new AuditEntry(AuditKinds.DisposalRefused, documentId, row.Sha256, $"disposal asked by {actor} ({reason}) refused: case under legal hold since {hold.ChangedAt:O} ({hold.Reason})"),
                [],
                cancellationToken);
            return new DisposalResult(DisposalOutcome.RefusedLegalHold, $"case {caseId} is under legal hold ({hold.Reason}); document {documentId} was not disposed of", refusal.Sequence);
        }

        var now = time.GetUtcNow();
        var change = new TableEntity(caseId, documentId)
        {
            [nameof(DocumentRecord.State)] = DocumentStates.Disposed,
            [nameof(DocumentRecord.DisposedAt)] = now,
            [nameof(DocumentRecord.DisposedBy)] = actor,
            [nameof(DocumentRecord.DisposalReason)] = reason,
        };
        // The hold guard: touching the hold row under its ETag (or creating it) makes a hold set meanwhile fail this commit.
        var guard = hold is null
            ? new TableTransactionAction(TableTransactionActionType.Add, new CaseHold { PartitionKey = caseId, RowKey = DocumentRowKeys.LegalHold })
            : new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(caseId, DocumentRowKeys.LegalHold), hold.ETag);
        // The facts the chain pinned (never the row's, which may have been edited), now Disposed: the row stays a cache of the chain.
        var facts = DocumentFacts.Pinned(await ChainFactsAsync(caseId, documentId, cancellationToken), row) with { State = DocumentStates.Disposed };
        var record = await ledger.AppendAsync(
            caseId,
            new AuditEntry(
                AuditKinds.DocumentDisposed,
                documentId,
                facts.Sha256,
                $"disposed of by {actor}: {reason}; state {row.State} -> {DocumentStates.Disposed}; evidence blob {row.EvidenceBlob} kept until retention allows",
                facts.ToJson()),
            [new TableTransactionAction(TableTransactionActionType.UpdateMerge, change, row.ETag), guard],
            cancellationToken);
        return new DisposalResult(DisposalOutcome.Disposed, $"document {documentId} disposed of (audit record {record.Sequence}); its evidence bytes are kept", record.Sequence);
    }

    private async Task<DocumentFacts?> ChainFactsAsync(string caseId, string documentId, CancellationToken cancellationToken)
    {
        var fold = new DocumentChainFold();
        await foreach (var record in ledger.QueryRecordsAsync(caseId, cancellationToken: cancellationToken))
        {
            fold.Add(record);
        }

        return fold.Expected(documentId);
    }
}
