using Azure.Data.Tables;
using Pipeline.Audit;
using Pipeline.Index;
using Pipeline.Storage;

namespace Pipeline.Intake;

/// <summary>Records and reads upload intents. Recording goes through the case's audit chain, in one transaction.</summary>
public sealed class UploadIntents(PipelineStorage storage, DocumentIndex index, CaseLedger ledger, TimeProvider time)
{
    private readonly TableClient _table = storage.Documents;

    /// <summary>Adds the intent row with its <see cref="AuditKinds.UploadIntended"/> record.</summary>
    public Task<AuditRecord> RecordAsync(UploadIntent intent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(intent);
        return ledger.AppendAsync(
            intent.CaseId,
            new AuditEntry(
                AuditKinds.UploadIntended,
                intent.UploadId,
                intent.Sha256,
                $"{intent.RequestedBy} declared {intent.FileName} ({intent.ContentType}, {intent.Length} bytes) for {intent.IntakeBlob}; upload allowed until {intent.ExpiresAt:O}"),
            [new TableTransactionAction(TableTransactionActionType.Add, intent)],
            cancellationToken);
    }

    public async Task<UploadIntent?> GetAsync(string caseId, string uploadId, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<UploadIntent>(caseId, UploadIntent.RowKeyFor(uploadId), cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>
    /// The upload id's document row and intent in one query (the ingest needs both; two point reads would cost a request
    /// more per upload). In Azure a query with <c>or</c> on RowKey scans the case's partition server-side: still one
    /// request per page, and a case holds thousands of rows, not millions. Rows are read without the typed binder, so a
    /// malformed one yields what could be read (reconciliation reports it as <c>malformed-row</c>).
    /// </summary>
    public async Task<UploadIdRows> ReadUploadIdAsync(string caseId, string uploadId, CancellationToken cancellationToken = default)
    {
        var intentKey = UploadIntent.RowKeyFor(uploadId);
        DocumentRecord? document = null;
        UploadIntent? intent = null;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {caseId} and (RowKey eq {uploadId} or RowKey eq {intentKey})");
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (string.Equals(entity.RowKey, uploadId, StringComparison.Ordinal))
            {
                document = TableRowReader.Read<DocumentRecord>(entity).Row;
            }
            else if (string.Equals(entity.RowKey, intentKey, StringComparison.Ordinal))
            {
                intent = TableRowReader.Read<UploadIntent>(entity).Row;
            }
        }

        return new UploadIdRows(document, intent);
    }

    /// <summary>The case's intents in upload-id order.</summary>
    public IAsyncEnumerable<UploadIntent> QueryCaseAsync(string caseId, CancellationToken cancellationToken = default) =>
        _table.QueryAsync<UploadIntent>(
            TableClient.CreateQueryFilter($"PartitionKey eq {caseId} and RowKey ge {DocumentRowKeys.IntentPrefix} and RowKey lt {DocumentRowKeys.IntentPrefix + "~"}"),
            cancellationToken: cancellationToken);

    /// <summary>
    /// <see cref="UploadIntentStatus.Received"/> when a document row or an upload record exists for its id (whatever the
    /// verdict); otherwise <see cref="UploadIntentStatus.Pending"/> until <paramref name="grace"/> after its expiry, then
    /// <see cref="UploadIntentStatus.Expired"/>.
    /// </summary>
    public async Task<string> StatusAsync(UploadIntent intent, TimeSpan grace = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(intent);
        if (await index.GetAsync(intent.CaseId, intent.UploadId, cancellationToken) is not null
            || await index.AnyUploadMarkerAsync(intent.CaseId, intent.UploadId, _ => true, cancellationToken))
        {
            return UploadIntentStatus.Received;
        }

        return time.GetUtcNow() > intent.ExpiresAt + grace ? UploadIntentStatus.Expired : UploadIntentStatus.Pending;
    }
}
