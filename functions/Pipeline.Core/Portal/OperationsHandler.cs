using Azure;
using Azure.Storage.Queues.Specialized;
using Pipeline.Index;
using Pipeline.Integrity;
using Pipeline.Reconciliation;
using Pipeline.Storage;

namespace Pipeline.Portal;

/// <summary>
/// <c>GET /api/reconciliation</c>: the operations page, server-rendered HTML. Reads the report heads for the history,
/// the latest run's anomalies chunk by chunk (counting every one per case, showing the first
/// <see cref="MaxFindingsShown"/> with their impact windows), and the poison and dead-letter queues' lengths.
/// </summary>
public sealed class OperationsHandler(
    PortalAccess access, ReportHeaders reports, ReconciliationRunStore runs, DocumentIndex index, PipelineStorage storage, IDeadLetteredChecks deadLetteredChecks, TimeProvider time)
{
    public const int MaxFindingsShown = 500;
    public const int RunsShown = 30;

    /// <summary>
    /// The Service Bus dead-letter queue is counted by peeking (the app's identity may send and receive, not manage, so
    /// it cannot read the queue's count); past this many the page shows this many.
    /// </summary>
    public const int MaxDeadLettersCounted = 1000;

    /// <summary>A dead-letter queue's count when it could not be read (the page says so rather than failing).</summary>
    public const int Unreadable = -1;

    /// <summary>The Storage-queue trigger's poison queues: integrity checks, and blobs the ingest trigger gave up on.</summary>
    private const string BlobTriggerPoisonQueue = "webjobs-blobtrigger-poison";

    public async Task<PortalResult> GetAsync(PortalRequest request, CancellationToken cancellationToken = default)
    {
        if (!access.TryAuthoriseOperations(request, out var problem))
        {
            return problem;
        }

        var view = await GatherAsync(cancellationToken);
        return PortalResult.Html(200, OperationsPageRenderer.Render(view))
            .WithHeader("Cache-Control", "no-store")
            // Inline styles only; no script, no third-party anything.
            .WithHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    }

    public async Task<OperationsView> GatherAsync(CancellationToken cancellationToken = default)
    {
        var history = await reports.LatestAsync(RunsShown, cancellationToken);
        var findings = new List<OperationsView.Finding>();
        var perCase = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        if (history.Count > 0)
        {
            var latest = history[^1];
            var lastGood = new Dictionary<(string, string), DateTimeOffset?>();
            await foreach (var anomaly in runs.ReadAnomaliesAsync(latest.RunId, cancellationToken))
            {
                var counts = perCase.TryGetValue(anomaly.CaseId ?? "", out var c) ? c : perCase[anomaly.CaseId ?? ""] = new(StringComparer.Ordinal);
                counts[anomaly.Kind] = counts.GetValueOrDefault(anomaly.Kind) + 1;
                if (findings.Count < MaxFindingsShown)
                {
                    findings.Add(new OperationsView.Finding(anomaly, latest.StartedAt, await LastKnownGoodAsync(anomaly, lastGood, cancellationToken)));
                }
            }
        }

        return new OperationsView
        {
            GeneratedAt = time.GetUtcNow(),
            Runs = history,
            Findings = findings,
            Cases = [.. perCase.Select(p => new CaseSummary(p.Key, p.Value)).OrderByDescending(c => c.Total).ThenBy(c => c.CaseId, StringComparer.Ordinal)],
            DeadLetters = await DeadLettersAsync(cancellationToken),
        };
    }

    private async Task<DateTimeOffset?> LastKnownGoodAsync(Anomaly anomaly, Dictionary<(string, string), DateTimeOffset?> cache, CancellationToken cancellationToken)
    {
        if (anomaly.CaseId is null || anomaly.DocumentId is null || !DocumentsHandler.IsDocumentId(anomaly.DocumentId))
        {
            return null;
        }

        var key = (anomaly.CaseId, anomaly.DocumentId);
        if (!cache.TryGetValue(key, out var known))
        {
            known = cache[key] = (await index.GetAsync(anomaly.CaseId, anomaly.DocumentId, cancellationToken))?.LastVerifiedAt;
        }

        return known;
    }

    private async Task<Dictionary<string, int>> DeadLettersAsync(CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var service = storage.IntegrityQueue.GetParentQueueServiceClient();
        foreach (var name in new[] { storage.IntegrityQueue.Name + "-poison", BlobTriggerPoisonQueue })
        {
            try
            {
                counts[name] = (await service.GetQueueClient(name).GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Created by the host on its first poison message: none so far.
                counts[name] = 0;
            }
        }

        // The Service Bus transport's dead-letter queue, when it is the one configured (else this is the poison queue above).
        if (!counts.ContainsKey(deadLetteredChecks.Location))
        {
            try
            {
                counts[deadLetteredChecks.Location] = (await deadLetteredChecks.ListAsync(MaxDeadLettersCounted, cancellationToken)).Count;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not OutOfMemoryException)
            {
                counts[deadLetteredChecks.Location] = Unreadable;
            }
        }

        return counts;
    }
}
