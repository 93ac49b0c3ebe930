using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Pipeline.Functions.Http;
using Pipeline.Portal;

namespace Pipeline.Functions.Functions;

/// <summary><c>GET /api/cases/{caseId}/documents/{documentId}/proof[?fromSize=n]</c>: inclusion and consistency proofs for a receipt holder.</summary>
public sealed class GetReceiptProofFunction(ReceiptsHandler receipts)
{
    public const string Name = "GetReceiptProof";

    [Function(Name)]
    public async Task<HttpResponseData> RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cases/{caseId}/documents/{documentId}/proof")] HttpRequestData request,
        string caseId,
        string documentId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await receipts.ProofAsync(PortalHttp.Request(request), caseId, documentId, cancellationToken);
        return await PortalHttp.RespondAsync(request, result, cancellationToken);
    }
}
