using Azure;
using Azure.Data.Tables;
using Pipeline.Storage;

namespace Pipeline.Reconciliation;

/// <summary>
/// Which case folders of the evidence listing have a case head, from one keys-only query of the heads (in table order)
/// read in step with the folders (in listing order). The orders differ only where a case id is a prefix of another
/// followed by a character below '/': folder "a-b/" lists before "a/", while the table has "a" first. So a head read
/// but not yet matched is kept only while a later folder can still be its case: the one head read past the current
/// folder, and heads of prefixes of the current folder's case — as many as its id is long, never one per case.
/// A folder whose case is not among the heads read gets false, and the caller asks the index afresh: a case whose head
/// came after the query, or one with rows but no head, is still known.
/// </summary>
internal sealed class CaseHeadWalk(AsyncPageable<TableEntity> heads, Func<CancellationToken, ValueTask> pageRead) : IAsyncDisposable
{
    private readonly List<string> _ahead = [];
    private IAsyncEnumerator<Page<TableEntity>>? _pages;
    private IReadOnlyList<TableEntity> _page = [];
    private int _index;
    private bool _exhausted;
    private string? _lastRead;
    private string? _lastFolder;

    /// <summary>Heads read and not yet matched (for tests of the bound).</summary>
    public int HeldAhead => _ahead.Count;

    /// <summary>Whether the heads read have <paramref name="caseId"/>'s; false for a folder asked for out of listing order.</summary>
    public async ValueTask<bool> HasHeadAsync(string caseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caseId);
        if (_lastFolder is not null && !ListsAfter(caseId, _lastFolder))
        {
            // Out of listing order (a listing this walk does not understand): the caller asks the index.
            return false;
        }

        _lastFolder = caseId;
        // Every head up to this case in table order, and one past it: a head not read by now is not in the table order
        // before this case, so it is not this case's.
        while (!_exhausted && (_lastRead is null || string.CompareOrdinal(_lastRead, caseId) <= 0))
        {
            if (await NextAsync(cancellationToken) is { } head)
            {
                _ahead.Add(_lastRead = head);
            }
        }

        var found = _ahead.Remove(caseId);
        // A head whose folder would list at or before this one is of a case with no folder left to come.
        _ahead.RemoveAll(head => !ListsAfter(head, caseId));
        return found;
    }

    public async ValueTask DisposeAsync()
    {
        if (_pages is not null)
        {
            await _pages.DisposeAsync();
            _pages = null;
        }
    }

    /// <summary>Whether case <paramref name="caseId"/>'s folder lists after <paramref name="otherCaseId"/>'s.</summary>
    private static bool ListsAfter(string caseId, string otherCaseId) =>
        ListingOrder.Compare(caseId + "/", otherCaseId + "/") > 0;

    private async ValueTask<string?> NextAsync(CancellationToken cancellationToken)
    {
        while (_index >= _page.Count)
        {
            _pages ??= heads.AsPages().GetAsyncEnumerator(cancellationToken);
            if (!await _pages.MoveNextAsync())
            {
                _exhausted = true;
                return null;
            }

            (_page, _index) = (_pages.Current.Values, 0);
            await pageRead(cancellationToken);
        }

        return _page[_index++].PartitionKey;
    }
}
