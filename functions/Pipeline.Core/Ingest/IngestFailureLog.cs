using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Pipeline.Hosting;
using Pipeline.Index;
using Pipeline.Intake;
using Pipeline.Validation;

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
            version = (await storage.Intake.GetBlobClient(intakeBlob).GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ETag;
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

    private static string PartitionFor(string intakeBlob) =>
        IntakePathParser.TryGetCaseId(intakeBlob, out var caseId) ? caseId : DocumentRowKeys.UnroutablePartition;
}
