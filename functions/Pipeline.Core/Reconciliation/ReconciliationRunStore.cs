using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Pipeline.Hosting;
using Pipeline.Storage;

namespace Pipeline.Reconciliation;

/// <summary>
/// A run's files in the reports container: <c>runs/current.json</c> (the unfinished run, if any),
/// <c>runs/{runId}/state.json</c> (checkpoint), <c>runs/{runId}/chunks/{n}.jsonl</c> (anomalies, one chunk per
/// checkpoint), the final <c>{runId}.json</c>, and the lease blob <c>locks/reconciliation</c> that keeps two runs apart.
/// </summary>
public sealed class ReconciliationRunStore(PipelineStorage storage)
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

    /// <summary>Writes anchor chunk <paramref name="index"/>; a resumed run that redoes the same work overwrites it.</summary>
    public Task WriteAnchorsAsync(string runId, int index, IReadOnlyList<CaseAnchor> anchors, CancellationToken cancellationToken = default) =>
        WriteJsonLinesAsync(AnchorBlob(runId, index), anchors, cancellationToken);

    public Task<List<CaseAnchor>> ReadAnchorsAsync(string runId, int index, CancellationToken cancellationToken = default) =>
        ReadJsonLinesAsync<CaseAnchor>(AnchorBlob(runId, index), cancellationToken);

    /// <summary>The last completed run, whose anchors the next run checks against.</summary>
    public Task<LastCompleteRun?> GetLastCompleteAsync(CancellationToken cancellationToken = default) =>
        ReadJsonAsync<LastCompleteRun>(LastCompleteBlob, cancellationToken);

    public Task SetLastCompleteAsync(ReconciliationState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        return WriteJsonAsync(LastCompleteBlob, new LastCompleteRun(state.RunId, state.AnchorChunks), cancellationToken);
    }

    /// <summary>
    /// Streams the chunks into <c>{runId}.json</c>. Memory is bounded by one chunk, whatever the number of cases with
    /// anomalies: each chunk's per-case counts go into small blobs (<c>runs/{runId}/cases/{case}/{chunk}</c>, counts in
    /// metadata), whose listing then yields every case's counts together, in case order.
    /// </summary>
    public async Task<ReconciliationReport> WriteReportAsync(ReconciliationState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var summary = new ReconciliationReport
        {
            RunId = state.RunId,
            StartedAt = state.StartedAt,
            CompletedAt = state.CompletedAt ?? throw new InvalidOperationException("The run has not completed."),
            Rehash = state.Rehash,
            Resumes = state.Resumes,
            CasesChecked = state.CasesChecked,
            DocumentsChecked = state.DocumentsChecked,
            BlobsScanned = state.BlobsScanned,
            IntakeBlobsScanned = state.IntakeBlobsScanned,
            ChecksEnqueued = state.ChecksEnqueued,
            UploadsRedriven = state.UploadsRedriven,
            Counts = new Dictionary<string, long>(state.Counts, StringComparer.Ordinal),
            Maintenance = new ReconciliationMaintenance { Counts = new Dictionary<string, long>(state.Maintenance, StringComparer.Ordinal) },
        };
        summary.Clean = summary.AnomalyCount == 0;

        var blob = _reports.GetBlobClient(ReportBlobName(state.RunId));
        await using (var output = await blob.OpenWriteAsync(overwrite: true, new BlobOpenWriteOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } }, cancellationToken))
        await using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            WriteHeader(writer, summary);
            writer.WriteStartArray("anomalies");
            for (var index = 0; index < state.Chunks; index++)
            {
                var chunkCases = new Dictionary<string, CaseCounts>(StringComparer.Ordinal);
                foreach (var anomaly in await ReadJsonLinesAsync<Anomaly>(ChunkBlob(state.RunId, index), cancellationToken))
                {
                    JsonSerializer.Serialize(writer, anomaly, JsonOptions);
                    var caseId = anomaly.CaseId ?? "";
                    (chunkCases.TryGetValue(caseId, out var counts) ? counts : chunkCases[caseId] = new CaseCounts(caseId)).Add(anomaly.Kind);
                }

                await writer.FlushAsync(cancellationToken);
                await WriteCaseCountsAsync(state.RunId, index, chunkCases.Values, cancellationToken);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("cases");
            var top = new PriorityQueue<CaseSummary, (long Total, string CaseId)>(TopCasesComparer.Instance);
            await foreach (var caseSummary in ReadCaseCountsAsync(state.RunId, cancellationToken))
            {
                JsonSerializer.Serialize(writer, caseSummary, JsonOptions);
                summary.CasesWithAnomalies++;
                top.Enqueue(caseSummary, (caseSummary.Total, caseSummary.CaseId));
                if (top.Count > ReconciliationReport.TopCases)
                {
                    top.Dequeue();
                }

                if (summary.CasesWithAnomalies % 1000 == 0)
                {
                    await writer.FlushAsync(cancellationToken);
                }
            }

            writer.WriteEndArray();
            writer.WriteNumber("casesWithAnomalies", summary.CasesWithAnomalies);
            await WriteMaintenanceAsync(writer, state, cancellationToken);
            writer.WriteEndObject();
            summary.Cases = [.. top.UnorderedItems.Select(item => item.Element).OrderByDescending(c => c.Total).ThenBy(c => c.CaseId, StringComparer.Ordinal)];
        }

        // runs/current.json stays: its state now carries completedAt, and the app's role on reports grants no delete.
        return summary;
    }

    private async Task WriteMaintenanceAsync(Utf8JsonWriter writer, ReconciliationState state, CancellationToken cancellationToken)
    {
        writer.WriteStartObject("maintenance");
        writer.WriteStartObject("counts");
        foreach (var kind in AnomalyKinds.Maintenance)
        {
            writer.WriteNumber(kind, state.Maintenance.GetValueOrDefault(kind));
        }

        writer.WriteEndObject();
        writer.WriteStartArray("items");
        for (var index = 0; index < state.MaintenanceChunks; index++)
        {
            foreach (var item in await ReadJsonLinesAsync<Anomaly>(MaintenanceBlob(state.RunId, index), cancellationToken))
            {
                JsonSerializer.Serialize(writer, item, JsonOptions);
            }

            await writer.FlushAsync(cancellationToken);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Reads a stored report whole (for the CLI and tests; operators' tools can stream the same JSON).</summary>
    public async Task<ReconciliationReport?> ReadReportAsync(string runId, CancellationToken cancellationToken = default) =>
        await ReadJsonAsync<ReconciliationReport>(ReportBlobName(runId), cancellationToken);

    /// <summary>
    /// A completed or unfinished run's anomalies in the order they were found (case by case), read one checkpoint chunk
    /// at a time, so a report of any size can be listed without loading it whole.
    /// </summary>
    public async IAsyncEnumerable<Anomaly> ReadAnomaliesAsync(string runId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var state = await ReadJsonAsync<ReconciliationState>(StateBlob(runId), cancellationToken);
        for (var index = 0; index < (state?.Chunks ?? 0); index++)
        {
            foreach (var anomaly in await ReadJsonLinesAsync<Anomaly>(ChunkBlob(runId, index), cancellationToken))
            {
                yield return anomaly;
            }
        }
    }

    /// <summary>Downloads a stored report to a local file, as written.</summary>
    public async Task DownloadReportAsync(string runId, string path, CancellationToken cancellationToken = default) =>
        await _reports.GetBlobClient(ReportBlobName(runId)).DownloadToAsync(path, cancellationToken);

    private static void WriteHeader(Utf8JsonWriter writer, ReconciliationReport summary)
    {
        writer.WriteString("runId", summary.RunId);
        writer.WriteString("startedAt", summary.StartedAt);
        writer.WriteString("completedAt", summary.CompletedAt);
        writer.WriteBoolean("rehash", summary.Rehash);
        writer.WriteNumber("resumes", summary.Resumes);
        writer.WriteBoolean("clean", summary.Clean);
        writer.WriteNumber("casesChecked", summary.CasesChecked);
        writer.WriteNumber("documentsChecked", summary.DocumentsChecked);
        writer.WriteNumber("blobsScanned", summary.BlobsScanned);
        writer.WriteNumber("intakeBlobsScanned", summary.IntakeBlobsScanned);
        writer.WriteNumber("checksEnqueued", summary.ChecksEnqueued);
        writer.WriteNumber("uploadsRedriven", summary.UploadsRedriven);
        writer.WriteStartObject("counts");
        foreach (var kind in AnomalyKinds.Findings)
        {
            writer.WriteNumber(kind, summary.Counts.GetValueOrDefault(kind));
        }

        writer.WriteEndObject();
    }

    /// <summary>One blob per case in the chunk, counts in metadata; deterministic names, so a rewritten report rewrites the same blobs.</summary>
    private async Task WriteCaseCountsAsync(string runId, int chunk, IEnumerable<CaseCounts> cases, CancellationToken cancellationToken) =>
        await Parallel.ForEachAsync(
            cases,
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (counts, token) => await _reports.GetBlobClient(CaseCountsBlob(runId, counts.CaseId, chunk)).UploadAsync(
                BinaryData.Empty, new BlobUploadOptions { Metadata = counts.ToMetadata() }, token));

    /// <summary>Every case's counts, summed over its chunks: the listing is in name order, so a case's blobs come together.</summary>
    private async IAsyncEnumerable<CaseSummary> ReadCaseCountsAsync(string runId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = $"runs/{runId}/cases/";
        string? currentKey = null;
        CaseCounts? current = null;
        await foreach (var item in _reports.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix, Traits = BlobTraits.Metadata }, cancellationToken))
        {
            var key = item.Name[prefix.Length..item.Name.LastIndexOf('/')];
            var counts = CaseCounts.FromMetadata(item.Metadata);
            if (current is not null && key == currentKey)
            {
                current.Merge(counts);
                continue;
            }

            if (current is not null)
            {
                yield return current.ToSummary();
            }

            (currentKey, current) = (key, counts);
        }

        if (current is not null)
        {
            yield return current.ToSummary();
        }
    }

    private static string CaseCountsBlob(string runId, string caseId, int chunk)
    {
        // Case ids are short and blob-safe; anything else (a stray evidence prefix, no case) gets a stable stand-in.
        var escaped = Uri.EscapeDataString(caseId);
        var key = caseId.Length == 0 ? "~" : escaped.Length <= 200 ? escaped : "~" + TextHash.Hex(caseId);
        return $"runs/{runId}/cases/{key}/{chunk:D8}";
    }

    private static string StateBlob(string runId) => $"runs/{runId}/state.json";

    private static string ChunkBlob(string runId, int index) => $"runs/{runId}/chunks/{index:D8}.jsonl";

    private static string MaintenanceBlob(string runId, int index) => $"runs/{runId}/maintenance/{index:D8}.jsonl";

    private static string AnchorBlob(string runId, int index) => $"runs/{runId}/anchors/{index:D8}.jsonl";

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

    /// <summary>Pointer to the last completed run and how many anchor chunks it wrote.</summary>
    public sealed record LastCompleteRun(string RunId, int AnchorChunks);
}
