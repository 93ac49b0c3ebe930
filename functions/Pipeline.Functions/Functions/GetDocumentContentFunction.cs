using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Options;
using Pipeline.Functions.Http;
using Pipeline.Portal;

namespace Pipeline.Functions.Functions;

/// <summary>
/// <c>GET /api/cases/{caseId}/documents/{documentId}/content</c>: the pinned bytes, checked against their digest
/// before the response leaves the app (this worker buffers responses, hence <see cref="PortalOptions.MaxBufferedContentBytes"/>).
/// </summary>
public sealed class GetDocumentContentFunction(ContentHandler content, IOptions<PortalOptions> options)
{
    public const string Name = "GetDocumentContent";

    [Function(Name)]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cases/{caseId}/documents/{documentId}/content")] HttpRequestData request,
        string caseId,
        string documentId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await content.GetAsync(PortalHttp.Request(request), caseId, documentId, options.Value.MaxBufferedContentBytes, cancellationToken);
        return await PortalHttp.RespondAsync(request, result, cancellationToken);
    }
}
