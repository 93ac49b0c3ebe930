using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Pipeline.Functions.Http;
using Pipeline.Portal;

namespace Pipeline.Functions.Functions;

/// <summary><c>DELETE /api/cases/{caseId}/hold</c> {reason?}: clear the case's legal hold (audited, the caller as actor).</summary>
public sealed class ClearLegalHoldFunction(LegalHoldHandler holds)
{
    public const string Name = "ClearLegalHold";

    [Function(Name)]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "cases/{caseId}/hold")] HttpRequestData request,
        string caseId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await holds.ClearAsync(PortalHttp.Request(request), caseId, request.Body, cancellationToken);
        return await PortalHttp.RespondAsync(request, result, cancellationToken);
    }
}
