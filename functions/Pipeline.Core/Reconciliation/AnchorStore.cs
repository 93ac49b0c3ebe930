using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Pipeline.Storage;

namespace Pipeline.Reconciliation;

/// <summary>
/// The anchors container: <c>runs/{runId}/{chunk}-{writer}.jsonl</c> (chain heads, JSON lines) and
/// <c>completed/{runId}.json</c> (the run's <see cref="AnchorManifest"/>). Every blob is written create-only
/// (<c>If-None-Match: *</c>) under a name never used before; in Azure the app's role there cannot overwrite or delete
/// and version-level WORM keeps every version. Reading never throws on content: a missing, altered or malformed
/// anchor comes back as a problem naming the blob, which reconciliation reports.
/// </summary>
public sealed class AnchorStore(PipelineStorage storage)
{
    public const string CompletedPrefix = "completed/";
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = false };
    private readonly BlobContainerClient _anchors = storage.Anchors;

    public string ContainerName => _anchors.Name;

    public static string ManifestBlob(string runId) => $"{CompletedPrefix}{runId}.json";

    /// <summary>
    /// Writes a chunk under a fresh name: a run resumed after a crash that had written a chunk but not saved its
    /// checkpoint writes the redone chunk beside the orphan, which no manifest names.
    /// </summary>
    public async Task<AnchorChunk> WriteChunkAsync(string runId, int index, IReadOnlyList<CaseAnchor> anchors, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        var lines = new StringBuilder();
        foreach (var anchor in anchors)
        {
            lines.Append(JsonSerializer.Serialize(anchor, JsonOptions)).Append('\n');
        }

        var content = BinaryData.FromString(lines.ToString());
        var name = $"runs/{runId}/{index.ToString("D8", CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..8]}.jsonl";
        await CreateAsync(name, content, cancellationToken);
        return new AnchorChunk(name, Sha256(content), anchors.Count);
    }

    /// <summary>
    /// Writes the run's manifest. True when written, or already there with the same content (a resumed run completing
    /// again); false when a different manifest for this run exists, which nothing of ours writes.
    /// </summary>
    public async Task<bool> CompleteAsync(AnchorManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var content = BinaryData.FromObjectAsJson(manifest, JsonOptions);
        if (await CreateAsync(ManifestBlob(manifest.RunId), content, cancellationToken))
        {
            return true;
        }

        var stored = await _anchors.GetBlobClient(ManifestBlob(manifest.RunId)).DownloadContentAsync(cancellationToken);
        return stored.Value.Content.ToMemory().Span.SequenceEqual(content.ToMemory().Span);
    }

    /// <summary>
    /// The run whose manifest was created last, or null when no run has completed. Ordered by the creation time storage
    /// stamps (which no writer chooses), then by name: run ids alone do not order two runs started in the same second.
    /// </summary>
    public async Task<string?> FindLatestCompletedRunAsync(CancellationToken cancellationToken = default)
    {
        (DateTimeOffset Created, string Name)? latest = null;
        await foreach (var blob in _anchors.GetBlobsAsync(new GetBlobsOptions { Prefix = CompletedPrefix }, cancellationToken))
        {
            var created = blob.Properties.CreatedOn ?? DateTimeOffset.MinValue;
            if (blob.Name.EndsWith(".json", StringComparison.Ordinal)
                && (latest is not { } best || created > best.Created || (created == best.Created && string.CompareOrdinal(blob.Name, best.Name) > 0)))
            {
                latest = (created, blob.Name);
            }
        }

        return latest?.Name[CompletedPrefix.Length..^".json".Length];
    }

    public async Task<bool> ManifestExistsAsync(string runId, CancellationToken cancellationToken = default) =>
        (await _anchors.GetBlobClient(ManifestBlob(runId)).ExistsAsync(cancellationToken)).Value;

    /// <summary>The manifest of <paramref name="runId"/>, or why it cannot be used.</summary>
    public async Task<AnchorRead<AnchorManifest>> ReadManifestAsync(string runId, CancellationToken cancellationToken = default)
    {
        var (content, problem) = await DownloadAsync(ManifestBlob(runId), cancellationToken);
        if (content is null)
        {
            return new(null, problem);
        }

        AnchorManifest? manifest;
        try
        {
            manifest = content.ToObjectFromJson<AnchorManifest>(JsonOptions);
        }
        catch (JsonException ex)
        {
            return new(null, $"the anchor manifest is not valid JSON ({ex.Message})");
        }

        var chunkPrefix = $"runs/{runId}/";
        if (manifest is null || manifest.RunId != runId || manifest.Chunks is null)
        {
            return new(null, "the anchor manifest does not describe this run");
        }

        if (manifest.Chunks.FirstOrDefault(c => c is null || c.Name is null || !c.Name.StartsWith(chunkPrefix, StringComparison.Ordinal) || !IsSha256(c.Sha256) || c.Anchors < 0) is { } bad)
        {
            return new(null, $"the anchor manifest lists a chunk that is not one of this run's ({bad?.Name ?? "null"})");
        }

        return new(manifest, null);
    }

    /// <summary>A chunk's anchors, or why none of them can be trusted (missing, altered since the manifest, malformed).</summary>
    public async Task<AnchorRead<List<CaseAnchor>>> ReadChunkAsync(AnchorChunk chunk, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var (content, problem) = await DownloadAsync(chunk.Name, cancellationToken);
        if (content is null)
        {
            return new(null, problem);
        }

        var digest = Sha256(content);
        if (!string.Equals(digest, chunk.Sha256, StringComparison.Ordinal))
        {
            return new(null, $"the anchor chunk was altered: its bytes hash to {digest}, its manifest says {chunk.Sha256}");
        }

        var anchors = new List<CaseAnchor>();
        var lineNumber = 0;
        foreach (var line in content.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            lineNumber++;
            CaseAnchor? anchor;
            try
            {
                anchor = JsonSerializer.Deserialize<CaseAnchor>(line, JsonOptions);
            }
            catch (JsonException)
            {
                anchor = null;
            }

            if (anchor is null || string.IsNullOrEmpty(anchor.CaseId) || anchor.Sequence < 1 || !IsSha256(anchor.Hash))
            {
                return new(null, $"line {lineNumber} of the anchor chunk is not an anchor");
            }

            anchors.Add(anchor);
        }

        return anchors.Count == chunk.Anchors
            ? new(anchors, null)
            : new(null, $"the anchor chunk holds {anchors.Count} anchors, its manifest says {chunk.Anchors}");
    }

    private async Task<bool> CreateAsync(string name, BinaryData content, CancellationToken cancellationToken)
    {
        try
        {
            await _anchors.GetBlobClient(name).UploadAsync(
                content,
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All }, HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
                cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>The blob's bytes, or why they cannot be read. Server errors propagate: the run fails and resumes later.</summary>
    private async Task<(BinaryData? Content, string? Problem)> DownloadAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return ((await _anchors.GetBlobClient(name).DownloadContentAsync(cancellationToken)).Value.Content, null);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return (null, "the anchor is missing");
        }
        catch (RequestFailedException ex) when (ex.Status is >= 400 and < 500)
        {
            return (null, $"the anchor cannot be read ({ex.Status} {ex.ErrorCode})");
        }
    }

    private static string Sha256(BinaryData content) => Convert.ToHexStringLower(SHA256.HashData(content.ToMemory().Span));

    private static bool IsSha256(string? value) => value is { Length: 64 } && value.All(char.IsAsciiHexDigitLower);
}

/// <summary>A value read from the anchors container, or (when <see cref="Value"/> is null) why it cannot be used.</summary>
public sealed record AnchorRead<T>(T? Value, string? Problem)
    where T : class;
