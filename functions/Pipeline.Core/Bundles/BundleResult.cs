using Pipeline.Receipts;

namespace Pipeline.Bundles;

/// <summary>A written bag: where, the manifest it carries, and its payload size (files and bytes, as in Payload-Oxum).</summary>
public sealed record BundleResult(string Directory, CaseManifest Manifest, int PayloadFiles, long PayloadBytes);
