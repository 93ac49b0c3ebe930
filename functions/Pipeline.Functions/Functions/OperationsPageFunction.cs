using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Pipeline.Functions.Http;
using Pipeline.Portal;

namespace Pipeline.Functions.Functions;

/// <summary><c>GET /api/reconciliation</c>: the operations page (HTML) for principals granted every case.</summary>
public sealed class OperationsPageFunction(OperationsHandler operations)
{
    public const string Name = "OperationsPage";

    [Function(Name)]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reconciliation")] HttpRequestData request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await operations.GetAsync(PortalHttp.Request(request), cancellationToken);
        return await PortalHttp.RespondAsync(request, result, cancellationToken);
    }
}
