using System.Collections.Concurrent;
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
    private const int MaxRememberedHeads = 4096;
    private readonly TableClient _table;
    private readonly TimeProvider _time;
    private readonly ILogger<CaseLedger> _logger;
    private readonly ResiliencePipeline _headRace;
    private readonly AuditChainKeys _keys;

    // The head this process last wrote, per case: the next append to the case needs no read (a head another process
    // moved since fails the conditional write and is read afresh). Bounded: cleared when it holds too many cases.
    private readonly ConcurrentDictionary<string, CaseHead> _heads = new(StringComparer.Ordinal);

    // Appends to one case take turns within the process, so concurrent ingests into a case queue here instead of
    // racing for its head in storage (each lost race costs a read, a failed transaction and a back-off).
    private readonly SemaphoreSlim[] _caseTurns = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    public CaseLedger(PipelineStorage storage, AuditChainKeys keys, TimeProvider time, ILogger<CaseLedger> logger)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _table = storage.Documents;
        _keys = keys;
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
        var turn = _caseTurns[(int)((uint)StringComparer.Ordinal.GetHashCode(caseId) % (uint)_caseTurns.Length)];
        await turn.WaitAsync(cancellationToken);
        try
        {
            return await AppendInTurnAsync(caseId, entry, actions, cancellationToken);
        }
        finally
        {
            turn.Release();
        }
    }

    private async Task<AuditRecord> AppendInTurnAsync(string caseId, AuditEntry entry, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken) =>
        await _headRace.ExecuteAsync(
            async token =>
            {
                var head = _heads.TryGetValue(caseId, out var known) ? known : await GetHeadAsync(caseId, token);
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
                    var responses = await _table.SubmitTransactionAsync(transaction, token);
                    KeepVersions(transaction, responses.Value);
                }
                catch (TableTransactionFailedException ex) when (ex.FailedTransactionActionIndex >= actions.Count && ex.Status is 404 or 409 or 412)
                {
                    if (_heads.TryRemove(caseId, out _))
                    {
                        // This process's head was stale (another writer moved it, or it was deleted): read it afresh.
                        throw new CaseHeadRaceException(caseId, ex);
                    }

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
                RememberHead(newHead);
                return record;
            },
            cancellationToken);

    /// <summary>
    /// Gives each committed entity the version (ETag) the service assigned it, so a caller can pin it (the first
    /// integrity check writes conditionally on the row the ingest committed, without reading it again).
    /// </summary>
    private static void KeepVersions(List<TableTransactionAction> transaction, IReadOnlyList<Response> responses)
    {
        for (var i = 0; i < transaction.Count && i < responses.Count; i++)
        {
            if (responses[i].Headers.ETag is { } etag)
            {
                transaction[i].Entity.ETag = etag;
            }
        }
    }

    private void RememberHead(CaseHead head)
    {
        if (head.ETag == default)
        {
            return;
        }

        if (_heads.Count >= MaxRememberedHeads)
        {
            _heads.Clear();
        }

        _heads[head.PartitionKey] = head;
    }

    /// <summary>A verifier of <paramref name="caseId"/>'s chain with this ledger's keys (see <see cref="AuditChainVerifier"/>).</summary>
    public AuditChainVerifier CreateVerifier(string caseId, long? requireKeyedAfter = null) => new(caseId, _keys, requireKeyedAfter);

    /// <summary>The chain key id new records are keyed with; null when they are not keyed.</summary>
    public string? KeyId => _keys.CurrentKeyId;

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
        record.KeyId = _keys.CurrentKeyId;
        record.Hash = _keys.HashOf(caseId, record)!;
        return record;
    }

    /// <summary>Thrown inside the retry loop when another append to the same case committed first.</summary>
    private sealed class CaseHeadRaceException(string caseId, Exception inner)
        : Exception($"Another audit append to case {caseId} committed first.", inner);
}
