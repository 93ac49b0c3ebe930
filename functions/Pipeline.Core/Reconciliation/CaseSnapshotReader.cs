using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Pipeline.Index;

namespace Pipeline.Reconciliation;

/// <summary>
/// Reads a range of cases as queries over the documents table and hands them out a case at a time, so memory is one
/// page plus one case. A case with more rows than <paramref name="maxRowsPerCase"/> is handed out truncated (the caller
/// reads it on its own, as a stream) and the query starts again after it, rather than holding it whole. With
/// <paramref name="windowEnds"/> (ascending ids inside the range, see <see cref="CaseWindows"/>) the range is read as
/// one bounded query per window, in order.
/// </summary>
internal sealed class CaseSnapshotReader(
    DocumentIndex index, string? after, string? through, int maxRowsPerCase, IAsyncEnumerable<string>? windowEnds = null) : IAsyncDisposable
{
    private IAsyncEnumerator<TableEntity>? _rows;
    private IAsyncEnumerator<string>? _ends;
    private TableEntity? _next;
    private string? _after = after;
    private string? _windowEnd;
    private bool _inWindow;
    private bool _ended;

    /// <summary>Every case of the range, in partition-key order.</summary>
    public async IAsyncEnumerable<CaseSnapshot> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await NextAsync(cancellationToken) is { } snapshot)
        {
            yield return snapshot;
        }
    }

    /// <summary>The next case of the range, or null after the last.</summary>
    public async Task<CaseSnapshot?> NextAsync(CancellationToken cancellationToken = default)
    {
        if (_next is null && !await MoveNextAsync(cancellationToken))
        {
            return null;
        }

        var snapshot = new CaseSnapshot(_next!.PartitionKey);
        while (_next is not null && _next.PartitionKey == snapshot.CaseId)
        {
            if (snapshot.Count >= maxRowsPerCase)
            {
                snapshot.Truncated = true;
                await RestartAfterAsync(snapshot.CaseId);
                return snapshot;
            }

            snapshot.Add(_next);
            _next = null;
            await MoveNextAsync(cancellationToken);
        }

        return snapshot;
    }

    public async ValueTask DisposeAsync()
    {
        await DisposeRowsAsync();
        if (_ends is not null)
        {
            await _ends.DisposeAsync();
            _ends = null;
        }
    }

    private async Task<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        while (!_ended)
        {
            if (!_inWindow)
            {
                _windowEnd = await NextWindowEndAsync(cancellationToken);
                _inWindow = true;
            }

            _rows ??= index.QueryPartitionRangeAsync(_after, _windowEnd ?? through, cancellationToken).GetAsyncEnumerator(cancellationToken);
            if (await _rows.MoveNextAsync())
            {
                _next = _rows.Current;
                return true;
            }

            await DisposeRowsAsync();
            if (_windowEnd is null)
            {
                _ended = true;
            }
            else
            {
                // The window is read: the next starts after its bound.
                (_after, _inWindow) = (_windowEnd, false);
            }
        }

        return false;
    }

    /// <summary>The next window's bound after the cursor, or null for the last window (up to <c>through</c>).</summary>
    private async Task<string?> NextWindowEndAsync(CancellationToken cancellationToken)
    {
        if (windowEnds is null)
        {
            return null;
        }

        _ends ??= windowEnds.GetAsyncEnumerator(cancellationToken);
        while (await _ends.MoveNextAsync())
        {
            var end = _ends.Current;
            if (through is not null && string.CompareOrdinal(end, through) >= 0)
            {
                return null;
            }

            if (_after is null || string.CompareOrdinal(end, _after) > 0)
            {
                return end;
            }
        }

        return null;
    }

    /// <summary>Starts the query again after the case, within the same window.</summary>
    private async Task RestartAfterAsync(string caseId)
    {
        await DisposeRowsAsync();
        _next = null;
        _after = caseId;
    }

    private async Task DisposeRowsAsync()
    {
        if (_rows is not null)
        {
            await _rows.DisposeAsync();
            _rows = null;
        }
    }
}
