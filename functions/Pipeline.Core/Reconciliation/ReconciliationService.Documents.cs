using Azure.Storage.Blobs.Models;
using Pipeline.Content;
using Pipeline.EvidenceStore;
using Pipeline.Index;
using Pipeline.Integrity;

namespace Pipeline.Reconciliation;

public sealed partial class ReconciliationService
{
    private async Task ReconcileDocumentAsync(ReconciliationRun run, DocumentRecord document, Dictionary<string, BlobItem> evidenceBlobs, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var needsCheck = false;
        if (document.EvidenceBlob is null || !evidenceBlobs.Remove(document.EvidenceBlob, out var blob))
        {
            run.Report(AnomalyKinds.Missing, document.CaseId, document.DocumentId, storage.Evidence.Name, document.EvidenceBlob, "the row pins an evidence blob that does not exist");
            needsCheck = document.EvidenceBlob is not null;
        }
        else
        {
            var problems = ComparePins(document, blob);
            if (problems.Count == 0 && run.State.Rehash)
            {
                var download = await storage.Evidence.GetBlobClient(blob.Name).DownloadStreamingAsync(cancellationToken: cancellationToken);
                await using var content = download.Value.Content;
                var digest = await ContentHasher.HashAsync(content, cancellationToken: cancellationToken);
                if (!string.Equals(digest.Sha256, document.Sha256, StringComparison.Ordinal))
                {
                    problems.Add($"the bytes now hash to {digest.Sha256}, pinned {document.Sha256}");
                }
            }

            if (problems.Count == 0 && document.State == DocumentStates.Corrupt)
            {
                problems.Add($"the last integrity check found the bytes changed: {document.LastCheckDetail}");
            }

            if (problems.Count > 0)
            {
                run.Report(AnomalyKinds.Changed, document.CaseId, document.DocumentId, storage.Evidence.Name, blob.Name, string.Join("; ", problems));
                needsCheck = true;
            }
            else if (document.State == DocumentStates.Missing)
            {
                // The blob is back (e.g. restored from a version): let the checker verify and audit that.
                needsCheck = true;
            }
            else if (document.LastVerifiedAt is null ? now - document.IngestedAt >= _options.VerificationGrace : now - document.LastVerifiedAt >= _options.VerificationMaxAge)
            {
                run.Report(
                    AnomalyKinds.Unverified,
                    document.CaseId,
                    document.DocumentId,
                    storage.Evidence.Name,
                    blob.Name,
                    document.LastVerifiedAt is null ? $"never verified since ingest at {document.IngestedAt:O}" : $"last verified {document.LastVerifiedAt:O}");
                needsCheck = true;
            }
        }

        if (needsCheck && _options.EnqueueChecks)
        {
            var request = new IntegrityCheckRequest(document.CaseId, document.DocumentId, document.Sha256) { Kind = IntegrityCheckKinds.Reverify, RunId = run.State.RunId };
            run.Defer(async token =>
            {
                try
                {
                    await checks.EnqueueAsync(request, token);
                    run.State.ChecksEnqueued++;
                }
                catch (Exception ex) when (!token.IsCancellationRequested)
                {
                    // Reported already; still unverified tomorrow, so queued then. One failure must not end the run.
                    Log.EnqueueFailed(logger, request.CaseId, request.DocumentId, ex);
                }
            });
        }
    }

    private static List<string> ComparePins(DocumentRecord document, BlobItem blob)
    {
        var problems = new List<string>();
        if (blob.Properties.ContentLength != document.Length)
        {
            problems.Add($"length is {blob.Properties.ContentLength}, pinned {document.Length}");
        }

        var sha = EvidenceMetadata.Find(blob.Metadata, EvidenceMetadata.Sha256);
        if (!string.Equals(sha, document.Sha256, StringComparison.Ordinal))
        {
            problems.Add($"sha256 metadata is {sha ?? "absent"}, pinned {document.Sha256}");
        }

        if (document.EvidenceETag is not null && blob.Properties.ETag is { } etag && !string.Equals(Unquote(etag.ToString()), Unquote(document.EvidenceETag), StringComparison.Ordinal))
        {
            problems.Add($"ETag is {Unquote(etag.ToString())}, pinned {Unquote(document.EvidenceETag)}: the blob was rewritten");
        }

        if (document.Md5 is not null && blob.Properties.ContentHash is { Length: > 0 } md5 && !string.Equals(Convert.ToBase64String(md5), document.Md5, StringComparison.Ordinal))
        {
            problems.Add($"Content-MD5 is {Convert.ToBase64String(md5)}, pinned {document.Md5}");
        }

        return problems;
    }
}
