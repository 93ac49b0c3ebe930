using Azure.Storage.Blobs.Models;
using Pipeline.EvidenceStore;
using Pipeline.Index;
using Pipeline.Integrity;

namespace Pipeline.Reconciliation;

public sealed partial class ReconciliationService
{
    /// <summary>
    /// Compares a document's evidence blob with what its audit chain recorded (<paramref name="expected"/>; the row only
    /// for a chain written before payloads), and queues a check when the bytes need one. The row's own differences from
    /// the chain are reported by the caller as <c>index-altered</c>.
    /// </summary>
    private async Task ReconcileDocumentAsync(
        ReconciliationRun run,
        DocumentRecord document,
        DocumentFacts? expected,
        Dictionary<string, BlobItem> evidenceBlobs,
        IReadOnlyDictionary<string, string>? rehashed,
        CancellationToken cancellationToken)
    {
        var pinned = DocumentFacts.Pinned(expected, document);
        var needsCheck = false;
        if (pinned.EvidenceBlob is null || !evidenceBlobs.Remove(pinned.EvidenceBlob, out var blob))
        {
            run.Report(AnomalyKinds.Missing, document.CaseId, document.DocumentId, storage.Evidence.Name, pinned.EvidenceBlob, "the document's evidence blob does not exist");
            needsCheck = pinned.EvidenceBlob is not null;
        }
        else
        {
            var problems = ComparePins(pinned, blob);
            if (problems.Count == 0 && run.State.Rehash)
            {
                // Hashed with the case's other documents; a blob that case read did not cover is read here.
                var sha256 = rehashed?.GetValueOrDefault(blob.Name) ?? await HashEvidenceAsync(blob.Name, cancellationToken);
                if (!string.Equals(sha256, pinned.Sha256, StringComparison.Ordinal))
                {
                    problems.Add($"the bytes now hash to {sha256}, the audit chain recorded {pinned.Sha256}");
                }
            }

            if (problems.Count == 0 && pinned.State == DocumentStates.Corrupt)
            {
                problems.Add($"the last integrity check found the bytes changed: {document.LastCheckDetail}");
            }

            if (problems.Count > 0)
            {
                run.Report(AnomalyKinds.Changed, document.CaseId, document.DocumentId, storage.Evidence.Name, blob.Name, string.Join("; ", problems));
                needsCheck = true;
            }
            else if (pinned.State == DocumentStates.Missing)
            {
                // The blob is back (e.g. restored from a version): let the checker verify and audit that.
                needsCheck = true;
            }
            else
            {
                needsCheck = ReportVerificationAge(run, document, blob.Name);
            }
        }

        if (needsCheck && _options.EnqueueChecks)
        {
            var request = new IntegrityCheckRequest(document.CaseId, document.DocumentId, pinned.Sha256) { Kind = IntegrityCheckKinds.Reverify, RunId = run.State.RunId };
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

    /// <summary>
    /// A disposed document's row still claims its evidence blob (never untracked), whose bytes are kept until retention
    /// allows: their loss or change is still reported, but they are no longer checked or verified as case evidence.
    /// </summary>
    private void ReconcileDisposed(ReconciliationRun run, DocumentRecord document, DocumentFacts? expected, Dictionary<string, BlobItem> evidenceBlobs)
    {
        if (document.EvidenceBlob is null || !evidenceBlobs.Remove(document.EvidenceBlob, out var blob))
        {
            run.Report(AnomalyKinds.Missing, document.CaseId, document.DocumentId, storage.Evidence.Name, document.EvidenceBlob, "a disposed document's evidence blob, kept until retention allows, does not exist");
        }
        else if (ComparePins(DocumentFacts.Pinned(expected, document), blob) is { Count: > 0 } problems)
        {
            run.Report(AnomalyKinds.Changed, document.CaseId, document.DocumentId, storage.Evidence.Name, blob.Name, string.Join("; ", problems));
        }
    }

    /// <summary>
    /// Re-verification due (past the window, or never verified after the grace period) is routine maintenance; past
    /// twice the window the checks are failing or not running, which is a finding (<c>overdue</c>). True when a check is due.
    /// </summary>
    private bool ReportVerificationAge(ReconciliationRun run, DocumentRecord document, string blobName)
    {
        var now = time.GetUtcNow();
        var since = document.LastVerifiedAt ?? document.IngestedAt;
        var age = now - since;
        var what = document.LastVerifiedAt is null ? $"never verified since ingest at {document.IngestedAt:O}" : $"last verified {document.LastVerifiedAt:O}";
        if (age >= 2 * _options.VerificationMaxAge)
        {
            run.Report(
                AnomalyKinds.Overdue, document.CaseId, document.DocumentId, storage.Evidence.Name, blobName,
                $"{what}: not verified within twice the verification window of {_options.VerificationMaxAge}; re-verification queued again");
            return true;
        }

        if (document.LastVerifiedAt is null ? age >= _options.VerificationGrace : age >= _options.VerificationMaxAge)
        {
            run.Report(AnomalyKinds.Unverified, document.CaseId, document.DocumentId, storage.Evidence.Name, blobName, $"{what}; re-verification queued");
            return true;
        }

        return false;
    }

    private static List<string> ComparePins(DocumentFacts pinned, BlobItem blob)
    {
        var problems = new List<string>();
        if (blob.Properties.ContentLength != pinned.Length)
        {
            problems.Add($"length is {blob.Properties.ContentLength}, the audit chain recorded {pinned.Length}");
        }

        var sha = EvidenceMetadata.Find(blob.Metadata, EvidenceMetadata.Sha256);
        if (!string.Equals(sha, pinned.Sha256, StringComparison.Ordinal))
        {
            problems.Add($"sha256 metadata is {sha ?? "absent"}, the audit chain recorded {pinned.Sha256}");
        }

        if (pinned.EvidenceETag is not null && blob.Properties.ETag is { } etag && !string.Equals(Unquote(etag.ToString()), Unquote(pinned.EvidenceETag), StringComparison.Ordinal))
        {
            problems.Add($"ETag is {Unquote(etag.ToString())}, written as {Unquote(pinned.EvidenceETag)}: the blob was rewritten");
        }

        if (pinned.Md5 is not null && blob.Properties.ContentHash is { Length: > 0 } md5 && !string.Equals(Convert.ToBase64String(md5), pinned.Md5, StringComparison.Ordinal))
        {
            problems.Add($"Content-MD5 is {Convert.ToBase64String(md5)}, the audit chain recorded {pinned.Md5}");
        }

        return problems;
    }
}
