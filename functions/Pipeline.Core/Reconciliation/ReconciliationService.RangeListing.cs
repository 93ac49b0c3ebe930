using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Pipeline.Faults;
using Pipeline.Index;
using Pipeline.Storage;

namespace Pipeline.Reconciliation;

public sealed partial class ReconciliationService
{
    /// <summary>
    /// The flat evidence and quarantine listings of the cases in (after, through], or null when
    /// <see cref="ReconciliationOptions.FlatListings"/> is off and every case is listed on its own.
    /// </summary>
    private RangeListings? OpenRangeListings(string? after, string? through)
    {
        if (!_options.FlatListings)
        {
            return null;
        }

        // A range lists under its bounds' common prefix, from its lower bound (every folder of a later case sorts after
        // it) where the service can start there, and stops past its last case's folder.
        var prefix = CaseFolders.RangePrefix(after, through);
        var end = CaseFolders.RangeEnd(after, through);
        FlatCaseListing Open(BlobContainerClient container, BlobTraits traits) => new(
            container, traits, prefix, after, end, _options.ListingPageSize, _options.OutOfOrderBlobs,
            token => faults.AtAsync(FaultSteps.ReconcileListed, container.Name, token));
        return new RangeListings(Open(storage.Evidence, BlobTraits.Metadata), Open(storage.Quarantine, BlobTraits.None));
    }

    /// <summary>The case's listings from the range's flat listings, or its own when there are none; null when they cannot say.</summary>
    private async Task<CaseListings?> StartCaseListingsAsync(RangeListings? listings, string caseId, CancellationToken cancellationToken) =>
        caseId == DocumentRowKeys.UnroutablePartition ? new CaseListings([], [], afterRows: true)
        : listings is null ? await ListCaseAsync(caseId, cancellationToken)
        : await listings.TakeAsync(caseId, cancellationToken);

    /// <summary>
    /// Whether comparing the case with <paramref name="listings"/> would report nothing about its blobs: every blob a
    /// row or upload record points to is there (with the pinned length, hash and ETag), and every blob is pointed to.
    /// The flat listing may have been read before the case's rows; where it and the rows disagree in any way that
    /// could be a finding, the case is listed again after its rows, and only that read reports (see
    /// <see cref="ReadCaseAsync"/>). The claims mirror the comparison's: a row claims its blob once, records may share one.
    /// </summary>
    private static bool ListingsAgree(CaseRows rows, CaseChain chain, CaseListings listings)
    {
        var evidence = new Dictionary<string, BlobItem>(listings.Evidence, StringComparer.Ordinal);
        var quarantineClaimed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var document in rows.Documents)
        {
            if (rows.Malformed.Contains(document.DocumentId))
            {
                // Reported with the rows; what could be read of it claims its blobs, which are not compared.
                evidence.Remove(document.EvidenceBlob ?? "");
                quarantineClaimed.Add(document.QuarantineBlob ?? "");
                continue;
            }

            var expected = chain.Fold.Expected(document.DocumentId);
            var state = expected?.State ?? document.State;
            if (state == DocumentStates.Rejected)
            {
                quarantineClaimed.Add(document.QuarantineBlob ?? "");
                if (document.QuarantineBlob is not null && !listings.Quarantine.ContainsKey(document.QuarantineBlob))
                {
                    return false;
                }

                continue;
            }

            var pinned = DocumentFacts.Pinned(expected, document);
            var name = state == DocumentStates.Disposed ? document.EvidenceBlob : pinned.EvidenceBlob;
            if (name is null || !evidence.Remove(name, out var blob) || ComparePins(pinned, blob).Count > 0)
            {
                return false;
            }
        }

        var claimedByMarkers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var marker in rows.Markers)
        {
            quarantineClaimed.Add(marker.QuarantineBlob);
            if ((marker.QuarantineBlob.Length > 0 && !listings.Quarantine.ContainsKey(marker.QuarantineBlob))
                || (marker.EvidenceBlob is { } left && !evidence.Remove(left) && !claimedByMarkers.Contains(left)))
            {
                return false;
            }

            if (marker.EvidenceBlob is not null)
            {
                claimedByMarkers.Add(marker.EvidenceBlob);
            }
        }

        return evidence.Count == 0 && listings.Quarantine.Keys.All(quarantineClaimed.Contains);
    }
}
