using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Pipeline.Hosting;

namespace Pipeline.Reconciliation;

/// <summary>The run's report: written from its chunks into <c>{runId}.json</c>, and read back.</summary>
public sealed partial class ReconciliationRunStore
{
    /// <summary>
    /// Streams the chunks into <c>{runId}.json</c> (through a local file). Memory is bounded by one chunk, whatever the
    /// number of cases with anomalies: each chunk's per-case counts go into small blobs (<c>runs/{runId}/cases/{case}/{chunk}</c>, counts in
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
            Counts = new Dictionary<string, long>(state.Counts, StringComparer.Ordinal),
            Maintenance = new ReconciliationMaintenance { Counts = new Dictionary<string, long>(state.Maintenance, StringComparer.Ordinal) },
        };
        summary.Clean = summary.AnomalyCount == 0 && !state.Incomplete;
        summary.Shards = ReconciliationShards.Of(state.Sharding);

        // Spooled to a local file, then uploaded without a condition. The SDK's write stream commits on the ETag it opened
        // with, so a commit the service applied but whose response was lost fails its retry with 412; an upload is safe
        // to retry. The file keeps memory bounded, whatever the report's size.
        var path = Path.Combine(Path.GetTempPath(), $"reconciliation-report-{Guid.NewGuid():N}.json");
        await using var output = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81_920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
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
            if (summary.Shards is not null)
            {
                writer.WritePropertyName("shards");
                JsonSerializer.Serialize(writer, summary.Shards, JsonOptions);
            }

            writer.WriteEndObject();
            summary.Cases = [.. top.UnorderedItems.Select(item => item.Element).OrderByDescending(c => c.Total).ThenBy(c => c.CaseId, StringComparer.Ordinal)];
        }

        output.Position = 0;
        await _reports.GetBlobClient(ReportBlobName(state.RunId)).UploadAsync(
            output, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } }, cancellationToken);

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
}
