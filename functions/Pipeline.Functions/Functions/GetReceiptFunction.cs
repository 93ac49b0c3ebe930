using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Pipeline.Functions.Http;
using Pipeline.Portal;

namespace Pipeline.Functions.Functions;

/// <summary><c>GET /api/cases/{caseId}/documents/{documentId}/receipt</c>: the document's receipt, computed from the audit chain.</summary>
public sealed class GetReceiptFunction(ReceiptsHandler receipts)
{
    public const string Name = "GetReceipt";

    [Function(Name)]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cases/{caseId}/documents/{documentId}/receipt")] HttpRequestData request,
        string caseId,
        string documentId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await receipts.ReceiptAsync(PortalHttp.Request(request), caseId, documentId, cancellationToken);
        return await PortalHttp.RespondAsync(request, result, cancellationToken);
    }
}
