using System.Runtime.CompilerServices;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Pipeline.Storage;

namespace Pipeline.Reconciliation;

/// <summary>
/// Cuts a range of the case space at case folders of the evidence container (one listing request per 5,000 cases):
/// the shard coordinator's ranges, and the windows of about N cases in which <see cref="CaseSnapshotReader"/> reads a
/// range open above. Why windows: Azurite's table query filters every entity and then sorts every match before it
/// takes a page, so a scan left open above sorts the rest of the table for each page of 1,000 (at 100,000 documents,
/// 300,000 entities: most of the emulator's work in a reconcile), while a bounded window sorts only its own rows. On
/// Azure a window costs about one request more. The listing is not free on Azurite either (it fills a page of folders
/// by sorting the container's remaining names for every 5,000 blobs), so only a range open above is cut, once per run.
/// The bounds only cut the range: any ascending ids inside it cover every partition exactly once, so a folder the
/// listing orders differently ("a-b/" before "a/") or a case with no folder just falls into a larger range; such a
/// folder is not counted toward the next bound.
/// </summary>
internal static class CaseWindows
{
    /// <summary>Ascending case ids strictly inside (after, through), about <paramref name="casesPerWindow"/> folders apart.</summary>
    public static async IAsyncEnumerable<string> EndsAsync(
        BlobContainerClient evidence,
        string? after,
        string? through,
        int casesPerWindow,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentOutOfRangeException.ThrowIfLessThan(casesPerWindow, 1);
        var prefix = CaseFolders.RangePrefix(after, through);
        var options = new GetBlobsByHierarchyOptions { Delimiter = "/", Prefix = prefix.Length == 0 ? null : prefix, StartFrom = after };
        var last = after;
        var folders = 0;
        await foreach (var item in evidence.GetBlobsByHierarchyAsync(options, cancellationToken))
        {
            if (!item.IsPrefix)
            {
                continue;
            }

            var caseId = item.Prefix.TrimEnd('/');
            if (through is not null && string.CompareOrdinal(caseId, through) >= 0)
            {
                yield break;
            }

            if ((last is null || string.CompareOrdinal(caseId, last) > 0) && ++folders % casesPerWindow == 0)
            {
                yield return caseId;
                last = caseId;
            }
        }
    }
}
