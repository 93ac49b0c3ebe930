using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Pipeline.Hosting;
using Pipeline.Storage;

namespace Pipeline.Index;

/// <summary>Reads the documents table. Writes that must be audited go through <see cref="Audit.CaseLedger"/>.</summary>
public sealed class DocumentIndex(PipelineStorage storage)
{
    private readonly TableClient _table = storage.Documents;

    /// <summary>
    /// The document's row, or null. A row not of the pipeline's shape is returned with what could be read (never a
    /// binder exception); reconciliation reports what is wrong with it as <c>malformed-row</c>.
    /// </summary>
    public async Task<DocumentRecord?> GetAsync(string caseId, string documentId, CancellationToken cancellationToken = default) =>
        await ReadAsync(caseId, documentId, cancellationToken) is { } read ? read.Row : null;

    /// <summary>The document's row and what is wrong with its shape, or null when there is no row.</summary>
    public async Task<RowRead<DocumentRecord>?> ReadAsync(string caseId, string documentId, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(caseId, documentId, cancellationToken: cancellationToken);
        return response.HasValue ? TableRowReader.Read<DocumentRecord>(response.Value!) : null;
    }

    /// <summary>The case's document rows in document-id order (audit and head rows excluded), each as far as it could be read.</summary>
    public async IAsyncEnumerable<DocumentRecord> QueryCaseAsync(string caseId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {caseId} and RowKey lt {DocumentRowKeys.MetaPrefix}");
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return TableRowReader.Read<DocumentRecord>(entity).Row;
        }
    }

    /// <summary>
    /// Every row of every partition after <paramref name="afterCaseId"/> up to and including <paramref name="throughCaseId"/>
    /// (null: from the first, to the last), untyped, in partition then row-key order: one query whose pages the caller
    /// reads as it goes, so reconciliation reads a range of cases in a request per page instead of several per case.
    /// </summary>
    public AsyncPageable<TableEntity> QueryPartitionRangeAsync(string? afterCaseId, string? throughCaseId, CancellationToken cancellationToken = default)
    {
        var filter = (afterCaseId, throughCaseId) switch
        {
            (null, null) => null,
            (not null, null) => TableClient.CreateQueryFilter($"PartitionKey gt {afterCaseId}"),
            (null, not null) => TableClient.CreateQueryFilter($"PartitionKey le {throughCaseId}"),
            _ => TableClient.CreateQueryFilter($"PartitionKey gt {afterCaseId} and PartitionKey le {throughCaseId}"),
        };
        return _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Every row of the case except its audit records (documents, upload records, failed-attempt records, the head and
    /// anything else), untyped, in key order: reconciliation tells the row kinds apart and checks each one's shape.
    /// </summary>
    public AsyncPageable<TableEntity> QueryCaseRowsAsync(string caseId, CancellationToken cancellationToken = default) =>
        _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter(
                $"PartitionKey eq {caseId} and (RowKey lt {DocumentRowKeys.AuditPrefix} or RowKey ge {DocumentRowKeys.AuditPrefix + "~"})"),
            cancellationToken: cancellationToken);

    /// <summary>
    /// Upload records (duplicates, conflicts and rejections recorded beside a document) of <paramref name="documentId"/>,
    /// or of every document of the case when it is null. Uploads with no usable document id have the id "".
    /// </summary>
    public async IAsyncEnumerable<UploadMarker> QueryUploadMarkersAsync(string caseId, string? documentId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // "~" sorts after every id character, so "{prefix}~" bounds one document's records; all of them (ids may be
        // "", i.e. "~upload~~…") are bounded by "~upload~~~".
        var (from, to) = documentId is null
            ? (UploadMarker.RowKeyPrefix, UploadMarker.RowKeyPrefix + "~~")
            : (UploadMarker.RowKeyPrefix + documentId + "~", UploadMarker.RowKeyPrefix + documentId + "~~");
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {caseId} and RowKey ge {from} and RowKey lt {to}");
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return TableRowReader.Read<UploadMarker>(entity).Row;
        }
    }

    /// <summary>Whether an upload record of <paramref name="documentId"/> (see <see cref="QueryUploadMarkersAsync"/>) matches.</summary>
    public async Task<bool> AnyUploadMarkerAsync(string caseId, string? documentId, Func<UploadMarker, bool> match, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        await foreach (var marker in QueryUploadMarkersAsync(caseId, documentId, cancellationToken))
        {
            if (match(marker))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the case has any row at all (documents, audit records or head).</summary>
    public async Task<bool> CaseExistsAsync(string caseId, CancellationToken cancellationToken = default)
    {
        var query = _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {caseId}"),
            maxPerPage: 1,
            select: ["RowKey"],
            cancellationToken: cancellationToken);
        await foreach (var page in query.AsPages(pageSizeHint: 1).WithCancellation(cancellationToken))
        {
            if (page.Values.Count > 0)
            {
                return true;
            }

            if (page.ContinuationToken is null)
            {
                break;
            }
        }

        return false;
    }

    /// <summary>
    /// The case id of every case head from <paramref name="fromCaseId"/> on (null: from the first) in partition order, keys
    /// only: one query whose pages say which cases the index knows, instead of a read per case.
    /// </summary>
    public AsyncPageable<TableEntity> QueryCaseHeadsAsync(string? fromCaseId, CancellationToken cancellationToken = default) =>
        _table.QueryAsync<TableEntity>(
            fromCaseId is null
                ? TableClient.CreateQueryFilter($"RowKey eq {DocumentRowKeys.CaseHead}")
                : TableClient.CreateQueryFilter($"PartitionKey ge {fromCaseId} and RowKey eq {DocumentRowKeys.CaseHead}"),
            select: [nameof(ITableEntity.PartitionKey)],
            cancellationToken: cancellationToken);

    /// <summary>The first case id (partition) after <paramref name="afterCaseId"/> in table order, or null at the end. One small request per case.</summary>
    public async Task<string?> NextCaseAsync(string? afterCaseId, CancellationToken cancellationToken = default)
    {
        var query = _table.QueryAsync<TableEntity>(
            afterCaseId is null ? null : TableClient.CreateQueryFilter($"PartitionKey gt {afterCaseId}"),
            maxPerPage: 1,
            select: ["PartitionKey"],
            cancellationToken: cancellationToken);
        // The service may return empty pages with a continuation token; keep following them.
        await foreach (var page in query.AsPages(pageSizeHint: 1).WithCancellation(cancellationToken))
        {
            if (page.Values.Count > 0)
            {
                return page.Values[0].PartitionKey;
            }
        }

        return null;
    }

    /// <summary>Records a successful check that did not change the state. Fails on a concurrent change (ETag).</summary>
    public Task TouchVerifiedAsync(DocumentRecord record, DateTimeOffset verifiedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _table.UpdateEntityAsync(
            new TableEntity(record.PartitionKey, record.RowKey) { [nameof(DocumentRecord.LastVerifiedAt)] = verifiedAt },
            record.ETag,
            TableUpdateMode.Merge,
            cancellationToken);
    }
}
