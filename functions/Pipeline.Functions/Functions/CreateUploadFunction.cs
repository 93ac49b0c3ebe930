using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Pipeline.Functions.Http;
using Pipeline.Portal;

namespace Pipeline.Functions.Functions;

/// <summary><c>POST /api/cases/{caseId}/uploads</c>: record an upload intent and get a create-only SAS for it. Anonymous at the host: Easy Auth authenticates, the handler authorises per case.</summary>
public sealed class CreateUploadFunction(UploadsHandler uploads)
{
    public const string Name = "CreateUpload";

    [Function(Name)]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "cases/{caseId}/uploads")] HttpRequestData request,
        string caseId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await uploads.CreateAsync(PortalHttp.Request(request), caseId, request.Body, cancellationToken);
        return await PortalHttp.RespondAsync(request, result, cancellationToken);
    }
}
