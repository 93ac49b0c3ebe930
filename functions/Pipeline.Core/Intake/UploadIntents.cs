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
