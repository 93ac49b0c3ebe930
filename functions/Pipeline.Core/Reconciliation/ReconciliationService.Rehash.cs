using System.Collections.Concurrent;
using Azure.Storage.Blobs.Models;
using Pipeline.Content;
using Pipeline.Index;

namespace Pipeline.Reconciliation;

public sealed partial class ReconciliationService
{
    /// <summary>
    /// For <c>--rehash</c>: the SHA-256 of every evidence blob the case's live documents point to, read
    /// <see cref="ReconciliationOptions.RehashConcurrency"/> at a time (a case's documents are independent), keyed by
    /// blob name. The comparison with the chain stays in the per-document code.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, string>> RehashCaseAsync(
        CaseRows rows, CaseChain chain, Dictionary<string, BlobItem> evidence, CancellationToken cancellationToken)
    {
        var names = rows.Documents
            .Where(d => !rows.Malformed.Contains(d.DocumentId))
            .Select(d => (Row: d, Expected: chain.Fold.Expected(d.DocumentId)))
            .Where(d => (d.Expected?.State ?? d.Row.State) is not (DocumentStates.Rejected or DocumentStates.Disposed))
            .Select(d => DocumentFacts.Pinned(d.Expected, d.Row).EvidenceBlob)
            .OfType<string>()
            .Where(evidence.ContainsKey)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var digests = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.RehashConcurrency), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(names, parallel, async (name, token) => digests[name] = await HashEvidenceAsync(name, token));
        return digests;
    }

    private async Task<string> HashEvidenceAsync(string blobName, CancellationToken cancellationToken)
    {
        var download = await storage.Evidence.GetBlobClient(blobName).DownloadStreamingAsync(cancellationToken: cancellationToken);
        await using var content = download.Value.Content;
        return (await ContentHasher.HashSha256Async(content, cancellationToken)).Sha256;
    }
}
