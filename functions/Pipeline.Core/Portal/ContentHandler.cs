using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Pipeline.Audit;
using Pipeline.Content;
using Pipeline.Index;
using Pipeline.Integrity;
using Pipeline.Storage;
using Pipeline.Validation;

namespace Pipeline.Portal;

/// <summary>
/// <c>GET /api/cases/{caseId}/documents/{documentId}/content</c>: the exact version the row pins (If-Match its ETag),
/// hashed while it streams and held to the digest and length the audit chain recorded. The last buffer is held back until the digest and length are known to match, so a reader
/// never gets a complete copy of other bytes: on a mismatch the response is cut off and an integrity check re-measures
/// the document, which records the finding (<c>Corrupt</c> or <c>Missing</c>, audited) for reconciliation to report.
/// </summary>
public sealed partial class ContentHandler(
    PortalAccess access, PipelineStorage storage, DocumentIndex index, CaseLedger ledger, IntegrityChecker checker, ILogger<ContentHandler> logger)
{
    public async Task<PortalResult> GetAsync(PortalRequest request, string caseId, string documentId, CancellationToken cancellationToken = default)
    {
        if (!access.TryAuthorise(request, caseId, out _, out var problem))
        {
            return problem;
        }

        var record = DocumentsHandler.IsDocumentId(documentId) ? await index.GetAsync(caseId, documentId, cancellationToken) : null;
        if (record is null)
        {
            return PortalProblems.DocumentNotFound(request, caseId, UntrustedText.Bound(documentId, 80));
        }

        if (record.State == DocumentStates.Rejected || string.IsNullOrEmpty(record.EvidenceBlob) || string.IsNullOrEmpty(record.EvidenceETag))
        {
            return PortalProblems.DocumentRejected(request, caseId, documentId);
        }

        // The bytes are checked against what the audit chain recorded (the truth); a row edited since cannot vouch for them.
        var fold = new DocumentChainFold();
        await foreach (var read in ledger.ReadRecordsAsync(caseId, upToSequence: null, documentId, cancellationToken))
        {
            fold.Add(read.Row, read.IsWellFormed);
        }

        var pinned = DocumentFacts.Pinned(fold.Expected(documentId), record);

        BlobDownloadStreamingResult download;
        try
        {
            download = (await storage.Evidence.GetBlobClient(record.EvidenceBlob).DownloadStreamingAsync(
                new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = new ETag(record.EvidenceETag) } },
                cancellationToken)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            var why = ex.Status == 404 ? "the evidence blob does not exist" : "the evidence blob is no longer the version the row pins (its ETag changed)";
            var finding = await RecordFindingAsync(record, pinned.Sha256, why, cancellationToken);
            return PortalProblems.ContentUnavailable(request, $"document {documentId} of case {caseId}: {why}; {finding}");
        }

        return new PortalResult(
            200,
            record.ContentType,
            async (stream, token) =>
            {
                await using var content = download.Content;
                var mismatch = await VerifiedCopy.CopyAsync(content, stream, pinned.Sha256, pinned.Length, token);
                if (mismatch is not null)
                {
                    await RecordFindingAsync(record, pinned.Sha256, mismatch.Detail, CancellationToken.None);
                    throw new PinnedContentMismatchException(caseId, documentId, mismatch.Detail);
                }
            },
            pinned.Length)
            .WithHeader("ETag", record.EvidenceETag)
            // RFC 9530: the digest the bytes are checked against, so a client can check them too.
            .WithHeader("Repr-Digest", $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(pinned.Sha256))}:")
            .WithHeader("Content-Disposition", $"attachment; filename*=UTF-8''{Uri.EscapeDataString(record.FileName)}")
            .WithHeader("X-Content-Type-Options", "nosniff");
    }

    /// <summary>Re-measures the document: the integrity check writes the state change with its audit record.</summary>
    private async Task<string> RecordFindingAsync(DocumentRecord record, string sha256, string detail, CancellationToken cancellationToken)
    {
        Log.PinnedContentMismatch(logger, record.CaseId, record.DocumentId, detail);
        var result = await checker.CheckAsync(new IntegrityCheckRequest(record.CaseId, record.DocumentId, sha256), cancellationToken);
        return $"integrity check: {result.Outcome} ({result.Detail})";
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 900, Level = LogLevel.Error, Message = "Serving document {DocumentId} of case {CaseId} stopped: {Detail}")]
        public static partial void PinnedContentMismatch(ILogger logger, string caseId, string documentId, string detail);
    }
}
