using System.Globalization;
using Pipeline.Receipts;
using Pipeline.Validation;

namespace Pipeline.Portal;

/// <summary>
/// What a party keeps and later checks, all computed from the case's audit chain (verified on every read):
/// <c>GET /api/cases/{caseId}/manifest</c> (every current document with its digest, every leaf, the Merkle root),
/// <c>GET …/documents/{documentId}/receipt</c>, and <c>GET …/documents/{documentId}/proof[?fromSize=n]</c> (the inclusion
/// proof of the document's acceptance leaf and the consistency proof from the receipt's tree, by default, to the
/// current one). A chain that does not verify issues nothing: 409 <c>chain-broken</c>.
/// </summary>
public sealed class ReceiptsHandler(PortalAccess access, ReceiptService receipts)
{
    public Task<PortalResult> ManifestAsync(PortalRequest request, string caseId, CancellationToken cancellationToken = default) =>
        FromSnapshotAsync(request, caseId, documentId: null, snapshot => PortalResult.Json(200, receipts.ManifestOf(snapshot), options: ReceiptJson.Options), cancellationToken);

    public Task<PortalResult> ReceiptAsync(PortalRequest request, string caseId, string documentId, CancellationToken cancellationToken = default) =>
        FromSnapshotAsync(
            request,
            caseId,
            documentId,
            snapshot => ReceiptService.ReceiptOf(snapshot, documentId) is { } receipt
                ? PortalResult.Json(200, receipt, options: ReceiptJson.Options)
                : NotAccepted(request, caseId, documentId),
            cancellationToken);

    public Task<PortalResult> ProofAsync(PortalRequest request, string caseId, string documentId, CancellationToken cancellationToken = default)
    {
        var fromText = request.Query?.Invoke("fromSize");
        long? fromSize = null;
        if (!string.IsNullOrEmpty(fromText))
        {
            if (!long.TryParse(fromText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
            {
                return Task.FromResult(PortalProblems.InvalidRequest(request, "fromSize must be a positive whole number: the tree size of the receipt being checked"));
            }

            fromSize = parsed;
        }

        return FromSnapshotAsync(
            request,
            caseId,
            documentId,
            snapshot =>
            {
                if (ReceiptService.ReceiptOf(snapshot, documentId) is not { } receipt)
                {
                    return NotAccepted(request, caseId, documentId);
                }

                return ReceiptService.ProofsOf(snapshot, documentId, fromSize ?? receipt.Tree.Size) is { } proofs
                    ? PortalResult.Json(200, proofs, options: ReceiptJson.Options)
                    : PortalProblems.InvalidRequest(request, $"fromSize {fromSize} is larger than the case's tree ({snapshot.Log.Size} leaves)");
            },
            cancellationToken);
    }

    private async Task<PortalResult> FromSnapshotAsync(
        PortalRequest request, string caseId, string? documentId, Func<CaseSnapshot, PortalResult> respond, CancellationToken cancellationToken)
    {
        if (!access.TryAuthorise(request, caseId, out _, out var problem))
        {
            return problem;
        }

        if (documentId is not null && !DocumentsHandler.IsDocumentId(documentId))
        {
            return PortalProblems.DocumentNotFound(request, caseId, UntrustedText.Bound(documentId, 80));
        }

        try
        {
            return await receipts.ReadAsync(caseId, cancellationToken) is { } snapshot ? respond(snapshot) : PortalProblems.CaseNotFound(request, caseId);
        }
        catch (CaseChainBrokenException ex)
        {
            return PortalProblems.ChainBroken(request, ex.Message);
        }
    }

    /// <summary>Never accepted (rejected, pending, unknown): there is no receipt to give.</summary>
    private static PortalResult NotAccepted(PortalRequest request, string caseId, string documentId) =>
        PortalProblems.DocumentNotFound(request, caseId, documentId);
}
