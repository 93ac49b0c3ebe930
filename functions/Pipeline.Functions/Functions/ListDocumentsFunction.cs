using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Pipeline.Functions.Http;
using Pipeline.Portal;

namespace Pipeline.Functions.Functions;

/// <summary><c>GET /api/cases/{caseId}/documents</c>: the case's documents and upload intents.</summary>
public sealed class ListDocumentsFunction(DocumentsHandler documents)
{
    public const string Name = "ListDocuments";

    [Function(Name)]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cases/{caseId}/documents")] HttpRequestData request,
        string caseId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await documents.ListAsync(PortalHttp.Request(request), caseId, cancellationToken);
        return await PortalHttp.RespondAsync(request, result, cancellationToken);
    }
}
