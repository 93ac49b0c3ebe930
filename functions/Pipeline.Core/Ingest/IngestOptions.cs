namespace Pipeline.Ingest;

/// <summary>Options of <see cref="IngestService"/> and the intake sweep's retries.</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Pipeline:Ingest";

    /// <summary>
    /// The most uploads one Functions instance ingests at once: <c>host.json</c>'s
    /// <c>extensions.blobs.maxDegreeOfParallelism</c> (a test holds the two together). Each may start a PDF probe with a
    /// 384 MiB heap, and four of them fit beside the worker in a 2 GB Flex Consumption instance.
    /// </summary>
    public const int ConcurrencyLimit = 4;

    /// <summary>
    /// How many uploads the intake sweep (the local host's ingest, and the sweep timer in Azure) ingests at once.
    /// Default: two per core, at most <see cref="ConcurrencyLimit"/>, what the blob trigger does on one instance.
    /// </summary>
    public int Concurrency { get; set; } = DefaultConcurrency(Environment.ProcessorCount);

    /// <summary>How often one upload is retried when the portal replaces it while it is being ingested. Default 3.</summary>
    public int MaxAttemptsWhenIntakeChanges { get; set; } = 3;

    /// <summary>
    /// How long the intake sweep waits before retrying an upload whose ingest failed, doubled after each further failure
    /// of the same version. Default 00:10:00 (one sweep), so a persistent failure does not re-read a large upload every sweep.
    /// </summary>
    public TimeSpan FailedRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The longest wait between retries of a failing upload. Default 06:00:00; reconciliation re-drives it nightly anyway.</summary>
    public TimeSpan FailedRetryMaxDelay { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How long the sweep waits after the <paramref name="attempts"/>-th failed attempt of one version.</summary>
    public TimeSpan RetryDelayAfter(int attempts)
    {
        var delay = FailedRetryDelay;
        for (var i = 1; i < attempts && delay < FailedRetryMaxDelay; i++)
        {
            delay += delay;
        }

        return delay < FailedRetryMaxDelay ? delay : FailedRetryMaxDelay;
    }

    /// <summary>The default <see cref="Concurrency"/> on a machine with <paramref name="processorCount"/> cores.</summary>
    public static int DefaultConcurrency(int processorCount) => Math.Clamp(2 * processorCount, 1, ConcurrencyLimit);
}
