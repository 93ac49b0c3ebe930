using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Pipeline.Functions.Http;
using Pipeline.Portal;

namespace Pipeline.Functions.Functions;

/// <summary><c>PUT /api/cases/{caseId}/hold</c> {reason}: put the case under legal hold (audited, the caller as actor); disposal is refused while it is set.</summary>
public sealed class SetLegalHoldFunction(LegalHoldHandler holds)
{
    public const string Name = "SetLegalHold";

    [Function(Name)]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "cases/{caseId}/hold")] HttpRequestData request,
        string caseId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await holds.SetAsync(PortalHttp.Request(request), caseId, request.Body, cancellationToken);
        return await PortalHttp.RespondAsync(request, result, cancellationToken);
    }
}
