using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Pipeline.Functions.Http;
using Pipeline.Portal;

namespace Pipeline.Functions.Functions;

/// <summary><c>GET /api/cases/{caseId}/uploads/{uploadId}</c>: an upload intent and what became of it.</summary>
public sealed class GetUploadFunction(UploadsHandler uploads)
{
    public const string Name = "GetUpload";

    [Function(Name)]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cases/{caseId}/uploads/{uploadId}")] HttpRequestData request,
        string caseId,
        string uploadId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await uploads.GetAsync(PortalHttp.Request(request), caseId, uploadId, cancellationToken);
        return await PortalHttp.RespondAsync(request, result, cancellationToken);
    }
}
