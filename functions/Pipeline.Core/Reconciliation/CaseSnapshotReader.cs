using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Pipeline.Index;

namespace Pipeline.Reconciliation;

/// <summary>
/// Reads a range of cases as one query over the documents table and hands them out a case at a time, so memory is one
/// page plus one case. A case with more rows than <paramref name="maxRowsPerCase"/> is handed out truncated (the caller
/// reads it on its own, as a stream) and the query starts again after it, rather than holding it whole.
/// </summary>
internal sealed class CaseSnapshotReader(DocumentIndex index, string? after, string? through, int maxRowsPerCase) : IAsyncDisposable
{
    private IAsyncEnumerator<TableEntity>? _rows;
    private TableEntity? _next;
    private string? _after = after;
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
        if (_rows is not null)
        {
            await _rows.DisposeAsync();
            _rows = null;
        }
    }

    private async Task<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        if (_ended)
        {
            return false;
        }

        _rows ??= index.QueryPartitionRangeAsync(_after, through, cancellationToken).GetAsyncEnumerator(cancellationToken);
        if (await _rows.MoveNextAsync())
        {
            _next = _rows.Current;
            return true;
        }

        _ended = true;
        return false;
    }

    private async Task RestartAfterAsync(string caseId)
    {
        await DisposeAsync();
        _next = null;
        _after = caseId;
    }
}
