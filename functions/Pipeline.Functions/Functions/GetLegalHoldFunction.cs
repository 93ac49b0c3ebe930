using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Pipeline.Functions.Http;
using Pipeline.Portal;

namespace Pipeline.Functions.Functions;

/// <summary><c>GET /api/cases/{caseId}/hold</c>: the case's legal hold (set, reason, actor, since).</summary>
public sealed class GetLegalHoldFunction(LegalHoldHandler holds)
{
    public const string Name = "GetLegalHold";

    [Function(Name)]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cases/{caseId}/hold")] HttpRequestData request,
        string caseId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await holds.GetAsync(PortalHttp.Request(request), caseId, cancellationToken);
        return await PortalHttp.RespondAsync(request, result, cancellationToken);
    }
}
