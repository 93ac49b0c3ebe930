namespace Pipeline.Ingest;

/// <summary>Options of <see cref="IngestService"/> and the intake sweep's retries.</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Pipeline:Ingest";

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
}
