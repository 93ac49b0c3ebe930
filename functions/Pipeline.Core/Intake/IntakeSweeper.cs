using System.Runtime.CompilerServices;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Hosting;
using Pipeline.Ingest;
using Pipeline.Validation;
using Pipeline.Storage;

namespace Pipeline.Intake;

/// <summary>
/// Ingests every intake blob not yet marked as handled. The local host sweeps with no minimum age (it is the
/// trigger there); in Azure a timer sweeps blobs older than the stuck threshold, catching any missed Event Grid delivery.
/// </summary>
public sealed partial class IntakeSweeper(
    PipelineStorage storage,
    IngestService ingest,
    IngestFailureLog failures,
    UnaddressableIntake unaddressable,
    TimeProvider time,
    IOptions<IngestOptions> options,
    ILogger<IntakeSweeper> logger)
{
    /// <summary>
    /// Ingests up to <see cref="IngestOptions.Concurrency"/> uploads at once. The listing is streamed: a page is read
    /// only as workers free up, so memory is bounded by one page and the uploads in hand, whatever the backlog. The
    /// listing's properties, metadata and tags are handed to the ingest, which asks for none of them again.
    /// </summary>
    public async Task<SweepSummary> SweepAsync(TimeSpan minimumAge, IProgress<IngestResult>? progress = null, CancellationToken cancellationToken = default)
    {
        var summary = new SweepSummary();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.Concurrency), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(UnmarkedAsync(minimumAge, cancellationToken), parallel, async (upload, token) =>
        {
            if (await IngestOneAsync(upload, token) is { } result)
            {
                summary.Add(result);
                if (progress is not null)
                {
                    lock (summary)
                    {
                        progress.Report(result);
                    }
                }
            }
        });
        return summary;
    }

    private async IAsyncEnumerable<IntakeSnapshot> UnmarkedAsync(TimeSpan minimumAge, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await foreach (var item in storage.Intake.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Tags | BlobTraits.Metadata }, cancellationToken))
        {
            if (await unaddressable.IsHandledAsync(item, cancellationToken))
            {
                continue;
            }

            // A zero minimum age means every unmarked blob: storage and worker clocks differ, so a fresh blob can look
            // younger than zero.
            var landed = item.Properties.CreatedOn ?? item.Properties.LastModified ?? now;
            if (minimumAge > TimeSpan.Zero && now - landed < minimumAge)
            {
                continue;
            }

            yield return IntakeSnapshot.FromListing(item);
        }
    }

    /// <summary>Ingests one upload; null when it is backing off after failures.</summary>
    private async Task<IngestResult?> IngestOneAsync(IntakeSnapshot upload, CancellationToken cancellationToken)
    {
        // A version that keeps failing is retried with growing gaps, not re-read in full every sweep. Only a version
        // tagged as failed has a failure record to look up.
        if (upload.HasFailed
            && await failures.GetAsync(upload.Name, cancellationToken) is { } failure
            && failure.IsFor(upload.ETag)
            && time.GetUtcNow() - failure.LastFailedAt < options.Value.RetryDelayAfter(failure.Attempts))
        {
            return null;
        }

        IngestResult result;
        try
        {
            result = await ingest.IngestAsync(upload, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // One failing upload must not hold up the others; it stays unmarked, so a later sweep retries it.
            LogFailed(logger, upload.Name, ex);
            return new IngestResult(IngestOutcome.Failed, upload.Name, Reasons: [new RejectionReason("ingest-failed", $"{ex.GetType().Name}: {ex.Message}")]);
        }

        if (result.Outcome == IngestOutcome.NotFound)
        {
            // Listed, yet not found when read: counted as a failed attempt, so a blob that keeps doing this is
            // retried with growing gaps instead of every sweep (and its stuck report says why).
            await RecordNotFoundAsync(upload.Name, cancellationToken);
        }

        return result;
    }

    private async Task RecordNotFoundAsync(string intakeBlob, CancellationToken cancellationToken)
    {
        try
        {
            await failures.RecordAsync(intakeBlob, new FileNotFoundException($"Intake blob {DiagnosticName.Of(intakeBlob)} was listed but not found when read."), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, intakeBlob, ex);
        }
    }

    [LoggerMessage(EventId = 450, Level = LogLevel.Error, Message = "Sweeping intake blob {IntakeBlob} failed; a later sweep retries it")]
    private static partial void LogFailed(ILogger logger, [PersonalData] string intakeBlob, Exception exception);
}
