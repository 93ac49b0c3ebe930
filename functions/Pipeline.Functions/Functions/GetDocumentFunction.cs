using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Pipeline.Functions.Http;
using Pipeline.Portal;

namespace Pipeline.Functions.Functions;

/// <summary><c>GET /api/cases/{caseId}/documents/{documentId}</c>: one document with its verification history.</summary>
public sealed class GetDocumentFunction(DocumentsHandler documents)
{
    public const string Name = "GetDocument";

    [Function(Name)]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cases/{caseId}/documents/{documentId}")] HttpRequestData request,
        string caseId,
        string documentId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await documents.GetAsync(PortalHttp.Request(request), caseId, documentId, cancellationToken);
        return await PortalHttp.RespondAsync(request, result, cancellationToken);
    }
}
