using System.ComponentModel.DataAnnotations;

namespace Pipeline.Validation;

/// <summary>Limits for <see cref="UploadValidator"/>, bound from the "Pipeline:Validation" section.</summary>
public sealed class ValidationOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Pipeline:Validation";

    /// <summary>
    /// Largest accepted upload in bytes. Default 2 GiB (2,147,483,648): covers long body-worn video and large
    /// scans while keeping a single upload's spool, hash and checks within one Functions execution.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>
    /// Most entries an OOXML (zip) upload may have. Default 10,000: real documents have tens to a few
    /// thousand parts; more is an entry-count bomb meant to exhaust memory while the directory is read.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxZipEntries { get; set; } = 10_000;

    /// <summary>
    /// Most bytes an OOXML upload may inflate to, in total, both as declared in the zip directory and as
    /// actually inflated. Default 4 GiB: twice the largest upload, far beyond real documents, yet a hard stop
    /// for decompression bombs.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long MaxZipUncompressedBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>
    /// Highest uncompressed-to-compressed ratio for any one entry and for the archive as a whole. Default 100
    /// (the same bound Apache POI uses): repetitive XML compresses 10-50x, bombs compress 1000x and more.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxZipCompressionRatio { get; set; } = 100;

    /// <summary>
    /// Entries (and archives) inflating to at most this many bytes are exempt from the ratio limit. Default 1 MiB:
    /// a small, highly compressible part (an empty sheet, a styles list) cannot harm anything, and checking its
    /// ratio only produces false positives.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long ZipRatioGraceBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// How long the PDF check's child process (PdfPig in Pipeline.PdfProbe) may take before it is killed and the
    /// upload rejected as malformed. Default 00:01:00: PdfPig reads only the cross-reference data, the catalog and
    /// the page tree, not the content streams, so the size of the file hardly matters (a 1.9 GB scan opens in under
    /// half a second, 100,000 pages in about 3 s, each including about 0.2 s to start the process); a minute leaves
    /// ample room for a busy machine, yet bounds a parser that hangs.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan PdfProbeTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// GC heap limit of the PDF check's child process in MiB (DOTNET_GCHeapHardLimit); beyond it the parser fails
    /// and the upload is rejected as malformed, instead of the machine running out of memory. Default 384: PdfPig
    /// keeps only the cross-reference data and the page tree in memory (about 240 MB for 100,000 pages), and four
    /// checks at once (the blob trigger's parallelism) must fit beside the worker in a 2 GB Flex Consumption instance.
    /// 0 sets no limit of its own (the child inherits the host's GC settings).
    /// </summary>
    [Range(0, int.MaxValue)]
    public int PdfProbeMaxMemoryMegabytes { get; set; } = 384;
}
