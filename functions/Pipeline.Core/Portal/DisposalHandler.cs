using Pipeline.Disposal;
using Pipeline.Index;
using Pipeline.Validation;

namespace Pipeline.Portal;

/// <summary>
/// <c>POST /api/cases/{caseId}/documents/{documentId}/disposal</c> {reason}: removes the document from the case through
/// <see cref="DisposalService"/> exactly as <c>local/pipeline dispose</c> does (audited with the reason and the caller as
/// actor; the evidence bytes are kept). 409 <c>legal-hold</c> while the case is under legal hold (the refusal is audited),
/// 409 <c>document-rejected</c> for a rejected upload, 404 for an unknown case or document. The case grant is the only
/// right checked: grants carry no separate right to dispose.
/// </summary>
public sealed class DisposalHandler(PortalAccess access, DisposalService disposals, DocumentIndex index)
{
    public async Task<PortalResult> DisposeAsync(PortalRequest request, string caseId, string documentId, Stream body, CancellationToken cancellationToken = default)
    {
        if (!access.TryAuthorise(request, caseId, out var caller, out var problem))
        {
            return problem;
        }

        var (declared, invalid) = await PortalJsonBody.ReadAsync<ReasonRequest>(request, body, "a disposal request", cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        if (string.IsNullOrWhiteSpace(declared?.Reason) || declared.Reason.Length > DisposalService.MaxReasonLength)
        {
            return PortalProblems.InvalidRequest(
                request, $"reason is required (at most {DisposalService.MaxReasonLength} characters): why the document is removed from the case; nothing was recorded");
        }

        if (!DocumentsHandler.IsDocumentId(documentId))
        {
            return await NotFoundAsync(request, caseId, UntrustedText.Bound(documentId, 80), cancellationToken);
        }

        var result = await disposals.DisposeAsync(new DisposalRequest(caseId, documentId, declared.Reason, caller.Name), cancellationToken);
        return result.Outcome switch
        {
            DisposalOutcome.Disposed or DisposalOutcome.AlreadyDisposed => PortalResult.Json(200, new DisposalView(caseId, documentId, result.Outcome.ToString(), result.Detail, result.AuditSequence)),
            DisposalOutcome.RefusedLegalHold => PortalProblems.LegalHold(request, result.Detail),
            DisposalOutcome.RefusedNotEvidence => PortalProblems.DocumentRejected(request, caseId, documentId),
            _ => await NotFoundAsync(request, caseId, documentId, cancellationToken),
        };
    }

    private async Task<PortalResult> NotFoundAsync(PortalRequest request, string caseId, string documentId, CancellationToken cancellationToken) =>
        await index.CaseExistsAsync(caseId, cancellationToken)
            ? PortalProblems.DocumentNotFound(request, caseId, documentId)
            : PortalProblems.CaseNotFound(request, caseId);
}
