using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Pipeline.Storage;

namespace Pipeline.Reconciliation;

/// <summary>
/// One flat listing of a container's case folders in a range of cases (from <paramref name="start"/>, where the service
/// supports starting there, else from the prefix's first name), handed out a folder at a time as the range scan
/// asks for its cases, in case-id order. Folders the listing passes before their case is asked for (case "a-b" lists
/// before "a") wait in a buffer of at most <paramref name="aheadLimit"/> blobs; when it would overflow it is dropped,
/// and those cases get null (list them on their own), as does any case the listing cannot vouch for: outside its
/// prefix or end, asked for out of order, or of a dropped folder. Memory is one page (and the next, in flight), the
/// buffer and the folder asked for. Root blobs and folders of cases never asked for are skipped: the store phase's.
/// </summary>
internal sealed class FlatCaseListing(
    BlobContainerClient container,
    BlobTraits traits,
    string prefix,
    string? start,
    string? end,
    int pageSize,
    int aheadLimit,
    Func<CancellationToken, ValueTask> pageRead) : IAsyncDisposable
{
    private readonly Dictionary<string, List<BlobItem>> _ahead = new(StringComparer.Ordinal);
    private Task<(IReadOnlyList<BlobItem> Names, string? Continuation)>? _nextPage;
    private IReadOnlyList<BlobItem> _page = [];
    private int _index;
    private bool _more = true;
    private int _aheadCount;
    private string? _droppedThrough;
    private string? _lastCase;

    /// <summary>
    /// The blobs of <paramref name="caseId"/>'s folder, or null when this listing cannot say which they are. Calls must
    /// not overlap; a case asked for after a later one gets null.
    /// </summary>
    public async Task<List<BlobItem>?> TakeAsync(string caseId, CancellationToken cancellationToken)
    {
        if (!Covers(caseId) || (_lastCase is not null && ListingOrder.Compare(caseId, _lastCase) <= 0))
        {
            return null;
        }

        _lastCase = caseId;
        ForgetPassed(caseId);
        if (_ahead.Remove(caseId, out var early))
        {
            _aheadCount -= early.Count;
            return early;
        }

        if (_droppedThrough is not null && ListingOrder.Compare(caseId, _droppedThrough) <= 0)
        {
            return null;
        }

        var folder = new List<BlobItem>();
        var folderEnd = CaseFolders.End(caseId);
        while (await PeekAsync(cancellationToken) is { } blob && ListingOrder.Compare(blob.Name, folderEnd) < 0)
        {
            _index++;
            var owner = CaseFolders.CaseOf(blob.Name);
            if (owner == caseId)
            {
                folder.Add(blob);
            }
            else if (owner is not null && ListingOrder.Compare(owner, caseId) > 0)
            {
                HoldAhead(owner, blob);
            }
        }

        return folder;
    }

    public async ValueTask DisposeAsync()
    {
        if (_nextPage is not null)
        {
            // A page still in flight is awaited (and its failure ignored): nothing outlives the listing.
            await _nextPage.ContinueWith(static _ => { }, TaskScheduler.Default);
            _nextPage = null;
        }
    }

    /// <summary>Whether every name of the case's folder lies in what this listing reads.</summary>
    private bool Covers(string caseId) =>
        caseId.Length > 0
        && !caseId.Contains('/', StringComparison.Ordinal)
        && (caseId + "/").StartsWith(prefix, StringComparison.Ordinal)
        && (start is null || ListingOrder.Compare(caseId, start) > 0)
        && (end is null || ListingOrder.Compare(CaseFolders.End(caseId), end) <= 0);

    /// <summary>A folder of a case not asked for yet: held until it is, unless the buffer is full.</summary>
    private void HoldAhead(string owner, BlobItem blob)
    {
        if (_droppedThrough is not null && ListingOrder.Compare(owner, _droppedThrough) <= 0)
        {
            return;
        }

        if (!_ahead.TryGetValue(owner, out var held))
        {
            _ahead[owner] = held = [];
        }

        held.Add(blob);
        if (++_aheadCount > aheadLimit)
        {
            // Too many out of order: forget them all; their cases are listed on their own.
            _droppedThrough = _ahead.Keys.Append(_droppedThrough ?? "").Max(ListingOrder.Comparer);
            _ahead.Clear();
            _aheadCount = 0;
        }
    }

    /// <summary>Held folders of cases before this one were of cases the scan does not have: never asked for now.</summary>
    private void ForgetPassed(string caseId)
    {
        foreach (var owner in _ahead.Keys.Where(owner => ListingOrder.Compare(owner, caseId) < 0).ToList())
        {
            _aheadCount -= _ahead[owner].Count;
            _ahead.Remove(owner);
        }
    }

    /// <summary>The next unread blob of the listing, or null past its last name (or its end).</summary>
    private async Task<BlobItem?> PeekAsync(CancellationToken cancellationToken)
    {
        while (_index >= _page.Count)
        {
            if (!_more)
            {
                return null;
            }

            var (names, continuation) = await (_nextPage ?? ReadPageAsync(null, cancellationToken));
            (_page, _index, _nextPage) = (names, 0, null);
            _more = !string.IsNullOrEmpty(continuation) && (end is null || names.Count == 0 || ListingOrder.Compare(names[^1].Name, end) < 0);
            if (_more)
            {
                // The next page is fetched while this one is handed out. Every page is full size: pages, not names, are
                // what a listing costs (a request on Azure; on Azurite a sort of the container's remaining names).
                _nextPage = ReadPageAsync(continuation, cancellationToken);
            }

            await pageRead(cancellationToken);
        }

        var next = _page[_index];
        if (end is not null && ListingOrder.Compare(next.Name, end) >= 0)
        {
            // Past every folder of the range: stop listing.
            (_page, _index, _more) = ([], 0, false);
            return null;
        }

        return next;
    }

    private async Task<(IReadOnlyList<BlobItem> Names, string? Continuation)> ReadPageAsync(string? continuation, CancellationToken cancellationToken)
    {
        var options = new GetBlobsOptions { Prefix = prefix.Length == 0 ? null : prefix, StartFrom = start, Traits = traits };
        // A page is parsed as it arrives rather than copied whole into memory first (see UnbufferedResponses).
        using var unbuffered = UnbufferedResponses.Scope();
        await foreach (var page in container.GetBlobsAsync(options, cancellationToken).AsPages(continuation, pageSize).WithCancellation(cancellationToken))
        {
            return (page.Values, page.ContinuationToken);
        }

        return ([], null);
    }
}
