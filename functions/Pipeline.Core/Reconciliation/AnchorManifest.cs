using System.Text.Json.Serialization;

namespace Pipeline.Reconciliation;

/// <summary>
/// What a completed run anchored (<c>completed/{runId}.json</c> in the anchors container): its anchor chunks with their
/// SHA-256, the run before it, and the chain key id in use. Written once, create-only, after the last chunk.
/// </summary>
public sealed record AnchorManifest(
    [property: JsonPropertyName("runId")] string RunId,
    [property: JsonPropertyName("previousRunId")] string? PreviousRunId,
    [property: JsonPropertyName("chainKeyId")] string? ChainKeyId,
    [property: JsonPropertyName("chunks")] IReadOnlyList<AnchorChunk> Chunks);

/// <summary>One chunk of a run's anchors: its blob name, the SHA-256 of its bytes and how many anchors it holds.</summary>
public sealed record AnchorChunk(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("anchors")] int Anchors);
