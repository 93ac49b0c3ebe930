using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Pipeline.Functions.Http;
using Pipeline.Portal;

namespace Pipeline.Functions.Functions;

/// <summary><c>POST /api/cases/{caseId}/documents/{documentId}/disposal</c> {reason}: remove the document from the case (audited, bytes kept); 409 <c>legal-hold</c> while the case is held.</summary>
public sealed class DisposeDocumentFunction(DisposalHandler disposals)
{
    public const string Name = "DisposeDocument";

    [Function(Name)]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "cases/{caseId}/documents/{documentId}/disposal")] HttpRequestData request,
        string caseId,
        string documentId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await disposals.DisposeAsync(PortalHttp.Request(request), caseId, documentId, request.Body, cancellationToken);
        return await PortalHttp.RespondAsync(request, result, cancellationToken);
    }
}
