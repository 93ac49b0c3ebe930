using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Pipeline.Portal;

namespace Pipeline.Functions.Functions;

/// <summary>
/// <c>GET /api/cases/{caseId}/documents/{documentId}/content</c>: the pinned bytes, streamed through the worker's ASP.NET
/// Core integration and hashed while they are sent, exactly as the local host serves them: any size, the last buffer
/// held back until length and SHA-256 match, the connection aborted (and the finding recorded) when they do not.
/// </summary>
public sealed class GetDocumentContentFunction(ContentHandler content)
{
    public const string Name = "GetDocumentContent";

    [Function(Name)]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cases/{caseId}/documents/{documentId}/content")] HttpRequest request,
        string caseId,
        string documentId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = request.HttpContext;
        var result = await content.GetAsync(PortalHttpContext.Request(context), caseId, documentId, context.RequestAborted);
        await PortalHttpContext.RespondAsync(context, result);
        // The response is written (or aborted) already: nothing more to execute.
        return new EmptyResult();
    }
}
