using System.ComponentModel.DataAnnotations;
using Azure.Storage;

namespace Pipeline.Content;

/// <summary>
/// Options of <see cref="UploadSpool"/> and of writing a spooled upload to evidence or quarantine; bound from the ingest
/// section, where the spool setting has always been. Memory, not speed, decides the write's defaults: one ingest must
/// fit beside three others in a 2 GB Functions instance, and the local CLI in 256 MB, whatever the document's size.
/// </summary>
public sealed class SpoolOptions
{
    public const string SectionName = "Pipeline:Ingest";

    private const long MiB = 1024 * 1024;

    /// <summary>
    /// Where an upload is spooled while it is hashed and checked. Default: the system temp folder. Spooling means the
    /// bytes written to evidence are exactly the bytes that were hashed and validated, whatever happens to intake meanwhile.
    /// </summary>
    public string? SpoolDirectory { get; set; }

    /// <summary>
    /// A spooled upload below this size is written in one Put Blob request, a larger one as staged blocks. Default
    /// 256 MiB, the storage SDK's own. Either way the bytes are streamed from the spool file.
    /// </summary>
    [Range(1, 5000 * MiB)]
    public long WriteSingleRequestLimit { get; set; } = 256 * MiB;

    /// <summary>Size of each staged block of a large upload. Default 8 MiB (a 2 GiB document is 256 blocks).</summary>
    [Range(1, 4000 * MiB)]
    public long WriteBlockSize { get; set; } = 8 * MiB;

    /// <summary>
    /// Blocks of one upload staged at once. Default 1: the SDK then stages each block straight from the seekable spool
    /// file. With more it first copies each block into pooled 1 MiB buffers, which the shared pool cannot keep: for a
    /// 2 GiB document, 5 × 8 MiB (the SDK's default) measured 184-364 MiB peak RSS against about 108 MiB, in the same
    /// time on Azurite. Uploads already run side by side (<c>Pipeline:Ingest:Concurrency</c>); raise this only where
    /// one large upload's latency to a distant account matters more than memory.
    /// </summary>
    [Range(1, 64)]
    public int WriteBlockConcurrency { get; set; } = 1;

    /// <summary>The storage SDK's transfer options for writing a spooled upload.</summary>
    public StorageTransferOptions WriteTransferOptions => new()
    {
        InitialTransferSize = WriteSingleRequestLimit,
        MaximumTransferSize = WriteBlockSize,
        MaximumConcurrency = WriteBlockConcurrency,
    };
}
