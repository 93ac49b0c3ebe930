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
    public async Task<IReadOnlyList<IngestResult>> SweepAsync(TimeSpan minimumAge, IProgress<IngestResult>? progress = null, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var results = new List<IngestResult>();
        await foreach (var item in storage.Intake.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Tags }, cancellationToken))
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

            // A version that keeps failing is retried with growing gaps, not re-read in full every sweep.
            if (await failures.GetAsync(item.Name, cancellationToken) is { } failure
                && failure.IsFor(item.Properties.ETag)
                && time.GetUtcNow() - failure.LastFailedAt < options.Value.RetryDelayAfter(failure.Attempts))
            {
                continue;
            }

            IngestResult result;
            try
            {
                result = await ingest.IngestAsync(item.Name, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // One failing upload must not hold up the others; it stays unmarked, so a later sweep retries it.
                LogFailed(logger, item.Name, ex);
                result = new IngestResult(IngestOutcome.Failed, item.Name, Reasons: [new RejectionReason("ingest-failed", $"{ex.GetType().Name}: {ex.Message}")]);
            }

            if (result.Outcome == IngestOutcome.NotFound)
            {
                // Listed, yet not found when read: counted as a failed attempt, so a blob that keeps doing this is
                // retried with growing gaps instead of every sweep (and its stuck report says why).
                await RecordNotFoundAsync(item.Name, cancellationToken);
            }

            results.Add(result);
            progress?.Report(result);
        }

        return results;
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
