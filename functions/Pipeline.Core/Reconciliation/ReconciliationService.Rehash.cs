using System.Collections.Concurrent;
using Pipeline.Content;
using Pipeline.Index;

namespace Pipeline.Reconciliation;

public sealed partial class ReconciliationService
{
    /// <summary>
    /// A case's listings and, for <c>--rehash</c>, the SHA-256 of every evidence blob in them: taken a few cases ahead
    /// of the comparison (see <see cref="ReadAhead"/>), so reading bytes overlaps the cases before it instead of
    /// stopping at each case's end. Evidence is create-only, so bytes hashed before the case's rows were read are the
    /// bytes the comparison is about; a blob the comparison needs and this did not hash is hashed then.
    /// </summary>
    private async Task<(CaseListings? Listings, IReadOnlyDictionary<string, string>? Digests)> ListCaseAheadAsync(
        RangeListings? listings, string caseId, SemaphoreSlim? rehashSlots, CancellationToken cancellationToken)
    {
        var listed = await StartCaseListingsAsync(listings, caseId, cancellationToken);
        return listed is null || rehashSlots is null
            ? (listed, null)
            : (listed, await HashEvidenceAsync(listed.Evidence.Keys, rehashSlots, cancellationToken));
    }

    /// <summary>
    /// For <c>--rehash</c>: the SHA-256 of every evidence blob the case's live documents point to, keyed by blob name;
    /// from <paramref name="ahead"/> where it was hashed while listed. The comparison with the chain stays in the
    /// per-document code.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, string>> RehashCaseAsync(
        CaseRows rows, CaseChain chain, CaseListings listings, IReadOnlyDictionary<string, string>? ahead, SemaphoreSlim rehashSlots, CancellationToken cancellationToken)
    {
        var names = rows.Documents
            .Where(d => !rows.Malformed.Contains(d.DocumentId))
            .Select(d => (Row: d, Expected: chain.Fold.Expected(d.DocumentId)))
            .Where(d => (d.Expected?.State ?? d.Row.State) is not (DocumentStates.Rejected or DocumentStates.Disposed))
            .Select(d => DocumentFacts.Pinned(d.Expected, d.Row).EvidenceBlob)
            .OfType<string>()
            .Where(listings.Evidence.ContainsKey)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var missing = ahead is null ? names : names.Where(name => !ahead.ContainsKey(name)).ToList();
        if (missing.Count == 0 && ahead is not null)
        {
            return ahead;
        }

        var digests = new Dictionary<string, string>(await HashEvidenceAsync(missing, rehashSlots, cancellationToken), StringComparer.Ordinal);
        foreach (var (name, sha256) in ahead ?? new Dictionary<string, string>())
        {
            digests.TryAdd(name, sha256);
        }

        return digests;
    }

    /// <summary>
    /// The SHA-256 of each named evidence blob; reads share the run's <see cref="ReconciliationOptions.RehashConcurrency"/>
    /// slots, so the cases read ahead never have more in flight between them.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, string>> HashEvidenceAsync(IEnumerable<string> blobNames, SemaphoreSlim rehashSlots, CancellationToken cancellationToken)
    {
        var digests = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        await Task.WhenAll(blobNames.Select(async name =>
        {
            await rehashSlots.WaitAsync(cancellationToken);
            try
            {
                digests[name] = await HashEvidenceAsync(name, cancellationToken);
            }
            finally
            {
                rehashSlots.Release();
            }
        }));
        return digests;
    }

    private async Task<string> HashEvidenceAsync(string blobName, CancellationToken cancellationToken)
    {
        var download = await storage.Evidence.GetBlobClient(blobName).DownloadStreamingAsync(cancellationToken: cancellationToken);
        await using var content = download.Value.Content;
        return (await ContentHasher.HashSha256Async(content, cancellationToken)).Sha256;
    }
}
