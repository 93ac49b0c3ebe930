using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Pipeline.Storage;

namespace Pipeline.Reconciliation;

/// <summary>
/// A run's files in the reports container: <c>runs/current.json</c> (the unfinished run, if any),
/// <c>runs/{runId}/state.json</c> (checkpoint), <c>runs/{runId}/chunks/{n}.jsonl</c> (anomalies, one chunk per
/// checkpoint), the final <c>{runId}.json</c>, and the lease blob <c>locks/reconciliation</c> that keeps two runs apart.
/// </summary>
public sealed partial class ReconciliationRunStore(PipelineStorage storage)
{
    private const string CurrentBlob = "runs/current.json";
    private const string LockBlob = "locks/reconciliation";
    private const string LastCompleteBlob = "runs/last-complete.json";
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = false };
    private readonly BlobContainerClient _reports = storage.Reports;

    public static string ReportBlobName(string runId) => $"{runId}.json";

    /// <summary>Takes the run lock, or returns null when another run holds it. Dispose to release.</summary>
    public async Task<ReconciliationLock?> TryLockAsync(CancellationToken cancellationToken = default)
    {
        var blob = _reports.GetBlobClient(LockBlob);
        try
        {
            await blob.UploadAsync(BinaryData.Empty, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // The lock blob exists already; the lease decides who holds it.
        }

        var lease = blob.GetBlobLeaseClient();
        try
        {
            await lease.AcquireAsync(ReconciliationLock.LeaseDuration, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }

        return new ReconciliationLock(lease);
    }

    public async Task<ReconciliationState?> LoadUnfinishedAsync(CancellationToken cancellationToken = default)
    {
        var current = await ReadJsonAsync<CurrentRun>(CurrentBlob, cancellationToken);
        if (current is null)
        {
            return null;
        }

        try
        {
            var content = await _reports.GetBlobClient(StateBlob(current.RunId)).DownloadContentAsync(cancellationToken);
            var state = Parse<ReconciliationState>(StateBlob(current.RunId), content.Value.Content);
            if (state is null || state.Phase == ReconciliationPhase.Done)
            {
                return null;
            }

            state.StoredETag = content.Value.Details.ETag;
            return state;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task StartAsync(ReconciliationState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        await SaveAsync(state, cancellationToken);
        await WriteJsonAsync(CurrentBlob, new CurrentRun(state.RunId), cancellationToken);
    }

    /// <summary>
    /// Saves the checkpoint only over the version this process last read or wrote (a new run's only if none exists):
    /// a process that paused past its lease and woke after another resumed the run gets
    /// <see cref="ReconciliationSupersededException"/> instead of overwriting the newer checkpoint.
    /// </summary>
    public async Task SaveAsync(ReconciliationState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var conditions = state.StoredETag is { } etag
            ? new BlobRequestConditions { IfMatch = etag }
            : new BlobRequestConditions { IfNoneMatch = ETag.All };
        var blob = _reports.GetBlobClient(StateBlob(state.RunId));
        var content = BinaryData.FromObjectAsJson(state, JsonOptions);
        try
        {
            var saved = await blob.UploadAsync(content, new BlobUploadOptions { Conditions = conditions }, cancellationToken);
            state.StoredETag = saved.Value.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // The SDK may have retried a write that had already landed (its response was lost): that is our own save.
            var stored = await blob.DownloadContentAsync(cancellationToken);
            if (stored.Value.Content.ToMemory().Span.SequenceEqual(content.ToMemory().Span))
            {
                state.StoredETag = stored.Value.Details.ETag;
                return;
            }

            throw new ReconciliationSupersededException($"The checkpoint of run {state.RunId} was saved by another process; this one stops.", ex);
        }
    }

    /// <summary>Writes chunk <paramref name="index"/>; a resumed run that redoes the same work overwrites it.</summary>
    public Task WriteChunkAsync(string runId, int index, IReadOnlyList<Anomaly> anomalies, CancellationToken cancellationToken = default) =>
        WriteJsonLinesAsync(ChunkBlob(runId, index), anomalies, cancellationToken);

    /// <summary>Writes maintenance chunk <paramref name="index"/>; a resumed run that redoes the same work overwrites it.</summary>
    public Task WriteMaintenanceChunkAsync(string runId, int index, IReadOnlyList<Anomaly> items, CancellationToken cancellationToken = default) =>
        WriteJsonLinesAsync(MaintenanceBlob(runId, index), items, cancellationToken);

    /// <summary>The last completed run; its anchors must be in the anchors container.</summary>
    public Task<LastCompleteRun?> GetLastCompleteAsync(CancellationToken cancellationToken = default) =>
        ReadJsonAsync<LastCompleteRun>(LastCompleteBlob, cancellationToken);

    public Task SetLastCompleteAsync(ReconciliationState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        return WriteJsonAsync(LastCompleteBlob, new LastCompleteRun(state.RunId, Anchored: !state.Incomplete), cancellationToken);
    }

    private static string StateBlob(string runId) => $"runs/{runId}/state.json";

    private static string ChunkBlob(string runId, int index) => $"runs/{runId}/chunks/{index:D8}.jsonl";

    private static string MaintenanceBlob(string runId, int index) => $"runs/{runId}/maintenance/{index:D8}.jsonl";

    private async Task WriteJsonLinesAsync<T>(string name, IReadOnlyList<T> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        var lines = new StringBuilder();
        foreach (var item in items)
        {
            lines.Append(JsonSerializer.Serialize(item, JsonOptions)).Append('\n');
        }

        await _reports.GetBlobClient(name).UploadAsync(BinaryData.FromString(lines.ToString()), overwrite: true, cancellationToken);
    }

    private async Task<List<T>> ReadJsonLinesAsync<T>(string name, CancellationToken cancellationToken)
    {
        var content = await _reports.GetBlobClient(name).DownloadContentAsync(cancellationToken);
        return content.Value.Content.ToString()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize<T>(line, JsonOptions)!)
            .ToList();
    }

    private async Task<T?> ReadJsonAsync<T>(string name, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var content = await _reports.GetBlobClient(name).DownloadContentAsync(cancellationToken);
            return Parse<T>(name, content.Value.Content);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Reads one of the run's own files; anything else found there is a <see cref="MalformedCheckpointException"/>, not a crash.</summary>
    private static T? Parse<T>(string name, BinaryData content)
        where T : class
    {
        try
        {
            return content.ToObjectFromJson<T>(JsonOptions);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            throw new MalformedCheckpointException(name, $"is not a {typeof(T).Name} ({ex.Message})", ex);
        }
    }

    private async Task WriteJsonAsync<T>(string name, T value, CancellationToken cancellationToken) =>
        await _reports.GetBlobClient(name).UploadAsync(BinaryData.FromObjectAsJson(value, JsonOptions), overwrite: true, cancellationToken);

    private sealed record CurrentRun(string RunId);

    /// <summary>Pointer to the last completed run; <paramref name="Anchored"/> when it wrote its anchors to the anchors container.</summary>
    public sealed record LastCompleteRun(string RunId, bool Anchored);
}
