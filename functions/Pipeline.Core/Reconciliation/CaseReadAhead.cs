namespace Pipeline.Reconciliation;

/// <summary>
/// Keeps the next few cases of a range read and their blob listings under way while the current one is compared, so
/// a run waits on one listing at a time instead of two per case. Each listing starts only after its case's rows were
/// read, which is the order the comparison relies on. Memory: <paramref name="depth"/> snapshots and listings.
/// </summary>
internal sealed class CaseReadAhead(
    CaseSnapshotReader reader, Func<string, CancellationToken, Task<CaseListings>> list, Func<string, bool> isCase, int depth) : IAsyncDisposable
{
    private readonly Queue<CaseInHand> _ahead = new();
    private bool _ended;

    /// <summary>The next case and its listing (null for a partition that is not a case), or null after the last.</summary>
    public async Task<CaseInHand?> NextAsync(CancellationToken cancellationToken = default)
    {
        while (!_ended && _ahead.Count < Math.Max(1, depth))
        {
            if (await reader.NextAsync(cancellationToken) is not { } snapshot)
            {
                _ended = true;
                break;
            }

            _ahead.Enqueue(new CaseInHand(snapshot, isCase(snapshot.CaseId) ? list(snapshot.CaseId, cancellationToken) : null));
        }

        return _ahead.TryDequeue(out var next) ? next : null;
    }

    public async ValueTask DisposeAsync()
    {
        // A run that stops early leaves listings in flight: wait for them, so none outlives the run or goes unobserved.
        while (_ahead.TryDequeue(out var pending))
        {
            if (pending.Listings is { } listing)
            {
                try
                {
                    await listing;
                }
                catch (Exception)
                {
                    // The run is already ending with its own exception; this listing's failure adds nothing.
                }
            }
        }

        await reader.DisposeAsync();
    }

    /// <summary>A case read from the range and the listing of its blobs (started, not necessarily finished).</summary>
    internal sealed record CaseInHand(CaseSnapshot Snapshot, Task<CaseListings>? Listings);
}
