using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Pipeline.Functions.Http;
using Pipeline.Portal;

namespace Pipeline.Functions.Functions;

/// <summary><c>GET /api/cases/{caseId}/manifest</c>: every current document with its digest, and the Merkle root over the case's log.</summary>
public sealed class GetCaseManifestFunction(ReceiptsHandler receipts)
{
    public const string Name = "GetCaseManifest";

    [Function(Name)]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cases/{caseId}/manifest")] HttpRequestData request,
        string caseId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await receipts.ManifestAsync(PortalHttp.Request(request), caseId, cancellationToken);
        return await PortalHttp.RespondAsync(request, result, cancellationToken);
    }
}
