using Azure.Storage.Blobs.Models;

namespace Pipeline.Reconciliation;

/// <summary>
/// A range's evidence listing (with metadata) and quarantine listing, one flat listing each, taken a case at a time in
/// the range scan's order. Cases are asked for ahead of the one being compared, so calls are chained: each starts when
/// the one before it has finished, and the listings are read in order.
/// </summary>
internal sealed class RangeListings(FlatCaseListing evidence, FlatCaseListing quarantine) : IAsyncDisposable
{
    private Task _previous = Task.CompletedTask;

    /// <summary>The case's listings, or null when either listing cannot vouch for its folder (list the case on its own).</summary>
    public Task<CaseListings?> TakeAsync(string caseId, CancellationToken cancellationToken)
    {
        var taken = TakeAfterAsync(_previous, caseId, cancellationToken);
        _previous = taken;
        return taken;
    }

    public async ValueTask DisposeAsync()
    {
        await _previous.ContinueWith(static _ => { }, TaskScheduler.Default);
        await evidence.DisposeAsync();
        await quarantine.DisposeAsync();
    }

    private async Task<CaseListings?> TakeAfterAsync(Task previous, string caseId, CancellationToken cancellationToken)
    {
        await previous;
        var blobs = evidence.TakeAsync(caseId, cancellationToken);
        var quarantined = quarantine.TakeAsync(caseId, cancellationToken);
        var (evidenceBlobs, quarantineBlobs) = (await blobs, await quarantined);
        if (evidenceBlobs is null || quarantineBlobs is null)
        {
            return null;
        }

        return new CaseListings(
            evidenceBlobs.ToDictionary(b => b.Name, StringComparer.Ordinal),
            quarantineBlobs.ToDictionary(b => b.Name, CaseListings.LandedAt, StringComparer.Ordinal),
            afterRows: false);
    }
}
