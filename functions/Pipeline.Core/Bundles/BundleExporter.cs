using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Pipeline.Audit;
using Pipeline.Content;
using Pipeline.Index;
using Pipeline.Integrity;
using Pipeline.Receipts;
using Pipeline.Storage;

namespace Pipeline.Bundles;

/// <summary>
/// Exports a case as a BagIt bag (RFC 8493): <c>data/</c> holds each current document's pinned evidence bytes (read under
/// the ETag the row pinned, hashed while written, and compared with the digest the audit chain accepted: any mismatch
/// aborts), with <c>manifest-sha256.txt</c>, <c>bagit.txt</c>, <c>bag-info.txt</c> (Payload-Oxum, Bagging-Date), the case
/// manifest and the audit chain as tag files, and <c>tagmanifest-sha256.txt</c> over them. The bag is built in a
/// staging folder beside the target and moved into place only when complete.
/// </summary>
public sealed partial class BundleExporter(
    PipelineStorage storage, ReceiptService receipts, CaseLedger ledger, IIntegrityCheckSender checks, TimeProvider time, ILogger<BundleExporter> logger)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes the bag to <paramref name="outputDirectory"/> (absent or empty); null when the case is unknown.</summary>
    public async Task<BundleResult?> ExportAsync(string caseId, string outputDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        var target = Path.GetFullPath(outputDirectory);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new IOException($"{outputDirectory} exists and is not empty; a bundle is written only to a new or empty folder.");
        }

        if (await receipts.ReadAsync(caseId, cancellationToken) is not { } snapshot)
        {
            return null;
        }

        var manifest = receipts.ManifestOf(snapshot);
        var staging = $"{target.TrimEnd(Path.DirectorySeparatorChar)}.partial-{Guid.NewGuid():N}";
        Directory.CreateDirectory(staging);
        try
        {
            var payload = new List<(string Path, string Sha256)>();
            var bytes = 0L;
            foreach (var document in manifest.Documents)
            {
                var row = snapshot.Rows.GetValueOrDefault(document.DocumentId);
                var path = BagLayout.PayloadPath(document.DocumentId, document.FileName);
                var digest = await CopyPinnedAsync(caseId, document, row, Path.Combine(staging, path), cancellationToken);
                payload.Add((path, digest.Sha256));
                bytes += digest.Length;
            }

            await BagManifestFile.WriteAsync(Path.Combine(staging, BagLayout.PayloadManifest), payload, cancellationToken);
            await WriteTagFilesAsync(staging, manifest, payload.Count, bytes, cancellationToken);
            if (Directory.Exists(target))
            {
                Directory.Delete(target);
            }

            Directory.Move(staging, target);
            Log.Exported(logger, caseId, payload.Count, bytes, manifest.Tree.Root);
            return new BundleResult(target, manifest, payload.Count, bytes);
        }
        catch
        {
            Directory.Delete(staging, recursive: true);
            throw;
        }
    }

    private async Task<ContentDigest> CopyPinnedAsync(string caseId, ManifestDocument document, DocumentRecord? row, string file, CancellationToken cancellationToken)
    {
        if (row?.EvidenceBlob is not { Length: > 0 } blobName)
        {
            throw new BundleAbortedException(caseId, document.DocumentId, "its row (and with it the evidence blob it pins) is gone");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        ContentDigest digest;
        try
        {
            var conditions = row.EvidenceETag is { Length: > 0 } etag ? new BlobRequestConditions { IfMatch = new ETag(etag) } : null;
            var download = await storage.Evidence.GetBlobClient(blobName).DownloadStreamingAsync(new BlobDownloadOptions { Conditions = conditions }, cancellationToken);
            await using var content = download.Value.Content;
            await using var output = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, useAsync: true);
            digest = await ContentHasher.HashAsync(content, output, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            await QueueCheckAsync(caseId, document, cancellationToken);
            throw new BundleAbortedException(
                caseId, document.DocumentId, ex.Status == 404 ? "its evidence blob does not exist" : "its evidence blob was rewritten since the row pinned it (ETag differs)", ex);
        }

        // The length the chain accepted (the row's only for a chain written before payloads).
        var acceptedLength = document.Length ?? row.Length;
        if (!string.Equals(digest.Sha256, document.Sha256, StringComparison.Ordinal) || acceptedLength != digest.Length)
        {
            await QueueCheckAsync(caseId, document, cancellationToken);
            throw new BundleAbortedException(
                caseId, document.DocumentId, $"its evidence bytes ({digest.Length} bytes, sha256 {digest.Sha256}) are not what the audit chain accepted ({acceptedLength} bytes, sha256 {document.Sha256})");
        }

        return digest;
    }

    private async Task QueueCheckAsync(string caseId, ManifestDocument document, CancellationToken cancellationToken)
    {
        try
        {
            await checks.EnqueueAsync(new IntegrityCheckRequest(caseId, document.DocumentId, document.Sha256), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The abort is what matters; the nightly reconciliation finds the document anyway.
            Log.CheckNotQueued(logger, caseId, document.DocumentId, ex);
        }
    }

    private async Task WriteTagFilesAsync(string bag, CaseManifest manifest, int files, long bytes, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(Path.Combine(bag, BagLayout.BagDeclaration), "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n", Utf8, cancellationToken);
        var info = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Bag-Software-Agent: evidence-pipeline {typeof(BundleExporter).Assembly.GetName().Version}\n")
            .Append(CultureInfo.InvariantCulture, $"Bagging-Date: {time.GetUtcNow():yyyy-MM-dd}\n")
            .Append(CultureInfo.InvariantCulture, $"External-Identifier: {manifest.CaseId}\n")
            .Append(CultureInfo.InvariantCulture, $"External-Description: The documents of case {manifest.CaseId} as its audit chain held them at record {manifest.AuditHead.Sequence}\n")
            .Append(CultureInfo.InvariantCulture, $"Payload-Oxum: {bytes}.{files}\n")
            .Append(CultureInfo.InvariantCulture, $"Pipeline-Audit-Head: {manifest.AuditHead.Sequence} {manifest.AuditHead.Hash}\n")
            .Append(CultureInfo.InvariantCulture, $"Pipeline-Merkle-Tree: {manifest.Tree.Size} {manifest.Tree.Root}\n");
        await File.WriteAllTextAsync(Path.Combine(bag, BagLayout.BagInfo), info.ToString(), Utf8, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(bag, BagLayout.CaseManifest), ReceiptJson.Serialize(manifest) + "\n", Utf8, cancellationToken);
        await using (var chain = new FileStream(Path.Combine(bag, BagLayout.AuditChain), FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
        {
            await AuditChainFile.WriteAsync(chain, ledger.QueryRecordsAsync(manifest.CaseId, manifest.AuditHead.Sequence, cancellationToken), cancellationToken);
        }

        var tags = new List<(string Path, string Sha256)>();
        foreach (var tag in BagLayout.TagFiles)
        {
            tags.Add((tag, await Sha256OfFileAsync(Path.Combine(bag, tag), cancellationToken)));
        }

        await BagManifestFile.WriteAsync(Path.Combine(bag, BagLayout.TagManifest), tags, cancellationToken);
    }

    internal static async Task<string> Sha256OfFileAsync(string file, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 128 * 1024, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
