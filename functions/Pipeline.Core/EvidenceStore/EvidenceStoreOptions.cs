using System.ComponentModel.DataAnnotations;
using Azure.Storage;

namespace Pipeline.EvidenceStore;

/// <summary>
/// How <see cref="EvidenceBlobStore"/> writes a document's bytes. Memory, not speed, decides the defaults: an
/// ingest must fit beside three others in a 2 GB Functions instance and the local CLI in 256 MB, whatever the size.
/// </summary>
public sealed class EvidenceStoreOptions
{
    public const string SectionName = "Pipeline:EvidenceStore";

    private const int MiB = 1024 * 1024;

    /// <summary>
    /// Documents below this size are written in one Put Blob request; larger ones as staged blocks. Default 256 MiB,
    /// the storage SDK's own. Either way the bytes are read from the spool file, not held in memory.
    /// </summary>
    [Range(1, 5000L * MiB)]
    public long SingleUploadThreshold { get; set; } = 256L * MiB;

    /// <summary>Size of each staged block of a large document. Default 8 MiB (a 2 GiB document is 256 blocks).</summary>
    [Range(1, 4000L * MiB)]
    public long BlockSize { get; set; } = 8L * MiB;

    /// <summary>
    /// Blocks of one document staged at once. Default 1: the SDK then stages each block straight from the seekable spool
    /// file; with more, it copies every block into pooled buffers first (block size × concurrency in flight, and a large
    /// object heap churned at the upload's rate: 2 GiB document measured at about 150 MB more peak RSS with 5 × 8 MiB).
    /// Raise it only where one upload's latency matters more than memory; uploads already run side by side (IngestOptions.Concurrency).
    /// </summary>
    [Range(1, 64)]
    public int BlockConcurrency { get; set; } = 1;

    /// <summary>The SDK's transfer options from these settings.</summary>
    public StorageTransferOptions TransferOptions => new()
    {
        InitialTransferSize = SingleUploadThreshold,
        MaximumTransferSize = BlockSize,
        MaximumConcurrency = BlockConcurrency,
    };
}
