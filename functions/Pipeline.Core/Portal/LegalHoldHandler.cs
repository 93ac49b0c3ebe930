using Pipeline.Disposal;
using Pipeline.Index;

namespace Pipeline.Portal;

/// <summary>
/// <c>GET|PUT|DELETE /api/cases/{caseId}/hold</c>: a case's legal hold, read, set and cleared through
/// <see cref="LegalHoldService"/> exactly as <c>local/pipeline hold</c> does (one audited transaction, then mirrored to the
/// evidence blobs' legal-hold flag, also audited); the actor is the authenticated caller. While it is set, disposal is
/// refused. The case grant is the only right checked: grants carry no separate right to hold.
/// </summary>
public sealed class LegalHoldHandler(PortalAccess access, LegalHoldService holds, DocumentIndex index)
{
    /// <summary>Recorded when <c>DELETE</c> gives no reason (the service, like the CLI, always records one).</summary>
    public const string DefaultClearReason = "no reason given";

    public async Task<PortalResult> GetAsync(PortalRequest request, string caseId, CancellationToken cancellationToken = default)
    {
        if (!access.TryAuthorise(request, caseId, out _, out var problem))
        {
            return problem;
        }

        var hold = await holds.GetAsync(caseId, cancellationToken);
        if (hold is null && !await index.CaseExistsAsync(caseId, cancellationToken))
        {
            return PortalProblems.CaseNotFound(request, caseId);
        }

        return PortalResult.Json(200, View(caseId, hold, outcome: null, mirror: null, warning: null));
    }

    public Task<PortalResult> SetAsync(PortalRequest request, string caseId, Stream body, CancellationToken cancellationToken = default) =>
        ChangeAsync(request, caseId, body, set: true, cancellationToken);

    public Task<PortalResult> ClearAsync(PortalRequest request, string caseId, Stream body, CancellationToken cancellationToken = default) =>
        ChangeAsync(request, caseId, body, set: false, cancellationToken);

    private async Task<PortalResult> ChangeAsync(PortalRequest request, string caseId, Stream body, bool set, CancellationToken cancellationToken)
    {
        if (!access.TryAuthorise(request, caseId, out var caller, out var problem))
        {
            return problem;
        }

        var (declared, invalid) = await PortalJsonBody.ReadAsync<ReasonRequest>(request, body, "a hold request", cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        var reason = declared?.Reason;
        if (string.IsNullOrWhiteSpace(reason))
        {
            if (set)
            {
                return PortalProblems.InvalidRequest(request, "reason is required: why the case is put under legal hold; nothing was recorded");
            }

            reason = DefaultClearReason;
        }

        if (reason.Length > DisposalService.MaxReasonLength)
        {
            return PortalProblems.InvalidRequest(request, $"reason is longer than {DisposalService.MaxReasonLength} characters; nothing was recorded");
        }

        var hold = new LegalHoldRequest(caseId, reason, caller.Name);
        var result = set ? await holds.SetAsync(hold, cancellationToken) : await holds.ClearAsync(hold, cancellationToken);
        if (result.Outcome == LegalHoldOutcome.CaseNotFound)
        {
            return PortalProblems.CaseNotFound(request, caseId);
        }

        return PortalResult.Json(200, View(caseId, await holds.GetAsync(caseId, cancellationToken), result.Outcome.ToString(), result.Mirror, result.Warning));
    }

    /// <summary>
    /// The hold's current state; <c>reason</c>, <c>actor</c> and <c>since</c> describe its last change (the setting, or
    /// the clearing). A case whose hold was never set has them null.
    /// </summary>
    private static LegalHoldView View(string caseId, CaseHold? hold, string? outcome, string? mirror, string? warning) =>
        hold?.ChangedBy is null
            ? new LegalHoldView(caseId, false, null, null, null, outcome, mirror, warning)
            : new LegalHoldView(caseId, hold.Active, hold.Reason, hold.ChangedBy, hold.ChangedAt, outcome, mirror, warning);
}
