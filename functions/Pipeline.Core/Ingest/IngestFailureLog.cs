using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Pipeline.Hosting;
using Pipeline.Index;
using Pipeline.Intake;
using Pipeline.Validation;
using Pipeline.Storage;

namespace Pipeline.Ingest;

/// <summary>Reads and writes <see cref="IngestFailure"/> records.</summary>
public sealed class IngestFailureLog(PipelineStorage storage, TimeProvider time, IOptions<IngestOptions> options)
{
    private const int MaxErrorLength = 1024;
    private readonly TableClient _table = storage.Documents;

    public async Task<IngestFailure?> GetAsync(string intakeBlob, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<IngestFailure>(PartitionFor(intakeBlob), IngestFailure.RowKeyFor(intakeBlob), cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Counts one more failed attempt on the version of <paramref name="intakeBlob"/> now in intake.</summary>
    public async Task<IngestFailure> RecordAsync(string intakeBlob, Exception error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        ETag? version = null;
        try
        {
            // A name no client can address exactly would give another blob's version: none is recorded then.
            if (BlobAddress.TryGetExact(storage.Intake, intakeBlob, out var blob))
            {
                version = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ETag;
            }
        }
        catch (RequestFailedException)
        {
            // Gone or unreadable: the attempt still counts against its name.
        }

        var now = time.GetUtcNow();
        var existing = await GetAsync(intakeBlob, cancellationToken);
        var same = existing is not null && existing.IsFor(version);
        // Failures closer together than one retry delay are one attempt: the blob trigger's own quick retries (five
        // within minutes) must not push the sweep's next retry hours away.
        var burst = same && now - existing!.LastFailedAt < options.Value.FailedRetryDelay;
        var record = new IngestFailure
        {
            PartitionKey = PartitionFor(intakeBlob),
            RowKey = IngestFailure.RowKeyFor(intakeBlob),
            IntakeBlob = intakeBlob,
            IntakeETag = version is { } etag ? IntakeMarks.TagValue(etag) : null,
            Attempts = !same ? 1 : burst ? existing!.Attempts : existing!.Attempts + 1,
            FirstFailedAt = same ? existing!.FirstFailedAt : now,
            LastFailedAt = now,
            LastError = UntrustedText.Bound($"{error.GetType().Name}: {error.Message}", MaxErrorLength),
        };

        // Concurrent failures of one blob may each count once or overwrite each other; the count is advisory.
        await _table.UpsertEntityAsync(record, TableUpdateMode.Replace, cancellationToken);
        return record;
    }

    /// <summary>
    /// The case's uploads that are failing now: a failure record whose intake version is still there and still
    /// unmarked (records of uploads that later succeeded, or were replaced, are history and skipped).
    /// </summary>
    public async IAsyncEnumerable<IngestFailure> QueryOutstandingAsync(string caseId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {caseId} and RowKey ge {DocumentRowKeys.FailurePrefix} and RowKey lt {DocumentRowKeys.FailurePrefix + "~"}");
        await foreach (var failure in _table.QueryAsync<IngestFailure>(filter, cancellationToken: cancellationToken))
        {
            if (!BlobAddress.TryGetExact(storage.Intake, failure.IntakeBlob, out var blob))
            {
                continue;
            }

            BlobProperties properties;
            try
            {
                properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                continue;
            }

            var tags = properties.TagCount > 0 ? (await blob.GetTagsAsync(cancellationToken: cancellationToken)).Value.Tags : null;
            if (failure.IsFor(properties.ETag) && !IntakeMarks.IsProcessed(tags, properties.ETag))
            {
                yield return failure;
            }
        }
    }

    private static string PartitionFor(string intakeBlob) =>
        IntakePathParser.TryGetCaseId(intakeBlob, out var caseId) ? caseId : DocumentRowKeys.UnroutablePartition;
}
