using System.Diagnostics.CodeAnalysis;
using Pipeline.Validation;

namespace Pipeline.Portal;

/// <summary>
/// The checks every case endpoint makes, in this order: authenticated (401), a well-formed case id by the ingest's own
/// rule (400), granted (403). The answer for a case not granted is the same whether or not the case exists.
/// </summary>
public sealed class PortalAccess(PortalAuthenticator authenticator)
{
    public bool TryAuthorise(PortalRequest request, string caseId, [NotNullWhen(true)] out PortalCaller? caller, [NotNullWhen(false)] out PortalResult? problem)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!TryAuthenticate(request, out caller, out problem))
        {
            return false;
        }

        if (!IsCaseId(caseId))
        {
            caller = null;
            problem = PortalProblems.InvalidRequest(
                request,
                $"'{UntrustedText.Bound(caseId, 80)}' is not a case id: 1-{IntakePathParser.MaxIdLength} characters of A-Z, a-z, 0-9, '-' and '_', starting with a letter or digit",
                [new RejectionReason(ReasonCodes.InvalidCaseId, "invalid case id")]);
            return false;
        }

        if (!caller.Grant.Allows(caseId))
        {
            caller = null;
            problem = PortalProblems.CaseNotGranted(request, caseId);
            return false;
        }

        return true;
    }

    /// <summary>The ingest's case-id rule (<see cref="IntakePathParser"/>), for a value that is a whole case id.</summary>
    public static bool IsCaseId(string? caseId) =>
        !string.IsNullOrEmpty(caseId) && !caseId.Contains('/', StringComparison.Ordinal) && IntakePathParser.TryGetCaseId(caseId + "/", out _);

    /// <summary>The operations page shows every case, so it needs a grant of all cases.</summary>
    public bool TryAuthoriseOperations(PortalRequest request, [NotNullWhen(false)] out PortalResult? problem)
    {
        if (!TryAuthenticate(request, out var caller, out problem))
        {
            return false;
        }

        problem = caller.Grant.AllCases ? null : PortalProblems.OperationsNotGranted(request);
        return problem is null;
    }

    private bool TryAuthenticate(PortalRequest request, [NotNullWhen(true)] out PortalCaller? caller, [NotNullWhen(false)] out PortalResult? problem)
    {
        caller = authenticator.Authenticate(request, out var failure);
        problem = caller is null ? PortalProblems.Unauthenticated(request, failure).WithHeader("WWW-Authenticate", "Bearer") : null;
        return caller is not null;
    }
}
