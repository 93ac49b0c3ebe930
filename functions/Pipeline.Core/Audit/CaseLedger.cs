using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Pipeline.Hosting;
using Pipeline.Index;
using Polly;
using Polly.Retry;
using Pipeline.Storage;

namespace Pipeline.Audit;

/// <summary>
/// Appends to a case's audit chain. Each append is one table transaction in the case's partition: the caller's
/// row changes, the new audit record and the head update (ETag-conditioned), so a row never changes without its
/// audit record, and two writers can never fork the chain.
/// </summary>
public sealed partial class CaseLedger
{
    private readonly TableClient _table;
    private readonly TimeProvider _time;
    private readonly ILogger<CaseLedger> _logger;
    private readonly ResiliencePipeline _headRace;

    public CaseLedger(PipelineStorage storage, TimeProvider time, ILogger<CaseLedger> logger)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _table = storage.Documents;
        _time = time;
        _logger = logger;
        // Losing the race for the head is normal under concurrent uploads to one case: re-read it and try again.
        _headRace = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<CaseHeadRaceException>(),
                MaxRetryAttempts = 25,
                Delay = TimeSpan.FromMilliseconds(20),
                MaxDelay = TimeSpan.FromSeconds(1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            })
            .Build();
    }

    /// <summary>
    /// Commits <paramref name="actions"/> (rows of the same case) together with an audit record for <paramref name="entry"/>.
    /// A failure of one of the caller's actions (e.g. the document row already exists) surfaces as
    /// <see cref="TableTransactionFailedException"/> with nothing written.
    /// </summary>
    public async Task<AuditRecord> AppendAsync(string caseId, AuditEntry entry, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(actions);
        return await _headRace.ExecuteAsync(
            async token =>
            {
                var head = await GetHeadAsync(caseId, token);
                var record = NextRecord(caseId, entry, head);
                var newHead = new CaseHead { PartitionKey = caseId, RowKey = DocumentRowKeys.CaseHead, Sequence = record.Sequence, LastHash = record.Hash };
                var transaction = new List<TableTransactionAction>(actions)
                {
                    new(TableTransactionActionType.Add, record),
                    head is null
                        ? new TableTransactionAction(TableTransactionActionType.Add, newHead)
                        : new TableTransactionAction(TableTransactionActionType.UpdateReplace, newHead, head.ETag),
                };
                try
                {
                    await _table.SubmitTransactionAsync(transaction, token);
                }
                catch (TableTransactionFailedException ex) when (ex.FailedTransactionActionIndex >= actions.Count && ex.Status is 409 or 412)
                {
                    if (head is null && await GetHeadAsync(caseId, token) is null)
                    {
                        // Record 1 exists but no head does: the head was deleted. Appending would fork the chain.
                        throw new InvalidOperationException(
                            $"The audit chain of case {caseId} has records but no head; nothing is appended until it is investigated (reconciliation reports it as chain-broken).", ex);
                    }

                    Log.HeadRaceLost(_logger, caseId, record.Sequence);
                    throw new CaseHeadRaceException(caseId, ex);
                }

                Log.Appended(_logger, caseId, record.Sequence, record.Kind, record.DocumentId);
                return record;
            },
            cancellationToken);
    }

    /// <summary>The case's chain head, or null when the case has no audit records (or its head was deleted).</summary>
    public async Task<CaseHead?> GetHeadAsync(string caseId, CancellationToken cancellationToken = default) =>
        (await ReadHeadAsync(caseId, cancellationToken))?.Row;

    /// <summary>The case's chain head and what is wrong with its shape (never a binder exception), or null when there is none.</summary>
    public async Task<RowRead<CaseHead>?> ReadHeadAsync(string caseId, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(caseId, DocumentRowKeys.CaseHead, cancellationToken: cancellationToken);
        return response.HasValue ? TableRowReader.Read<CaseHead>(response.Value!) : null;
    }

    /// <summary>The case's audit records in sequence order (each as far as it could be read), up to and including <paramref name="upToSequence"/> when given.</summary>
    public async IAsyncEnumerable<AuditRecord> QueryRecordsAsync(string caseId, long? upToSequence = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var read in ReadRecordsAsync(caseId, upToSequence, documentId: null, cancellationToken))
        {
            yield return read.Row;
        }
    }

    /// <summary>
    /// The case's audit records in sequence order with what is wrong with each one's shape, up to and including
    /// <paramref name="upToSequence"/> when given, only <paramref name="documentId"/>'s when given.
    /// </summary>
    public async IAsyncEnumerable<RowRead<AuditRecord>> ReadRecordsAsync(
        string caseId, long? upToSequence, string? documentId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = upToSequence is { } last
            ? TableClient.CreateQueryFilter($"PartitionKey eq {caseId} and RowKey ge {DocumentRowKeys.AuditPrefix} and RowKey le {DocumentRowKeys.Audit(last)}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {caseId} and RowKey ge {DocumentRowKeys.AuditPrefix} and RowKey lt {DocumentRowKeys.AuditPrefix + "~"}");
        if (documentId is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"DocumentId eq {documentId}");
        }

        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return TableRowReader.Read<AuditRecord>(entity);
        }
    }

    private AuditRecord NextRecord(string caseId, AuditEntry entry, CaseHead? head)
    {
        var now = _time.GetUtcNow();
        var record = new AuditRecord
        {
            PartitionKey = caseId,
            Sequence = (head?.Sequence ?? 0) + 1,
            Kind = entry.Kind,
            DocumentId = entry.DocumentId,
            Sha256 = entry.Sha256,
            Detail = entry.Detail,
            Facts = entry.Facts,
            // Whole milliseconds: every table implementation stores them exactly, so the hash survives a round trip.
            RecordedAt = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero),
            PreviousHash = head?.LastHash ?? AuditHash.Genesis,
        };
        record.RowKey = DocumentRowKeys.Audit(record.Sequence);
        record.Hash = AuditHash.Compute(caseId, record);
        return record;
    }

    /// <summary>Thrown inside the retry loop when another append to the same case committed first.</summary>
    private sealed class CaseHeadRaceException(string caseId, Exception inner)
        : Exception($"Another audit append to case {caseId} committed first.", inner);
}
