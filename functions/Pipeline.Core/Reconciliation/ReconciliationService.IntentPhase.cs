using Pipeline.Index;
using Pipeline.Intake;

namespace Pipeline.Reconciliation;

public sealed partial class ReconciliationService
{
    /// <summary>
    /// Upload intents whose bytes never arrived: expired (plus the stuck threshold, for an upload that landed just before
    /// expiry to be ingested), with no document row or upload record under their id and nothing in intake at their name.
    /// An upload sitting unprocessed in intake is the intake phase's <c>stuck</c>, not an abandoned intent. The intents
    /// are the case's <c>~intent~</c> rows read with its other rows (a malformed one is reported there).
    /// </summary>
    private async Task ReconcileIntentsAsync(
        ReconciliationRun run, string caseId, List<UploadIntent> caseIntents, HashSet<string> rows, List<UploadMarker> markers, CancellationToken cancellationToken)
    {
        var recorded = new HashSet<string>(markers.Select(m => m.DocumentId), StringComparer.Ordinal);
        foreach (var intent in caseIntents)
        {
            if (rows.Contains(intent.UploadId) || recorded.Contains(intent.UploadId)
                || time.GetUtcNow() < intent.ExpiresAt + _options.StuckAfter)
            {
                continue;
            }

            // Rows were read before the intents: one ingested since then is found now, not reported.
            if (await intents.StatusAsync(intent, _options.StuckAfter, cancellationToken) != UploadIntentStatus.Expired
                || await storage.Intake.GetBlobClient(intent.IntakeBlob).ExistsAsync(cancellationToken))
            {
                continue;
            }

            run.Report(
                AnomalyKinds.AbandonedIntent,
                caseId,
                intent.UploadId,
                storage.Intake.Name,
                intent.IntakeBlob,
                $"{intent.RequestedBy} declared {intent.FileName} ({intent.ContentType}, {intent.Length} bytes, sha256 {intent.Sha256}) at {intent.CreatedAt:O}; its upload SAS expired at {intent.ExpiresAt:O} and no bytes arrived");
        }
    }
}
