using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Pipeline.Intake;
using Pipeline.Quarantine;
using Pipeline.Storage;
using Pipeline.Validation;

namespace Pipeline.Reconciliation;

public sealed partial class ReconciliationService
{
    private async Task ReconcileIntakeAsync(ReconciliationRun run, IProgress<ReconciliationProgress>? progress, CancellationToken cancellationToken)
    {
        var cursor = run.State.Cursor;
        var now = time.GetUtcNow();
        await foreach (var item in storage.Intake.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Tags }, cancellationToken))
        {
            if (cursor is not null && ListingOrder.Compare(item.Name, cursor) <= 0)
            {
                continue;
            }

            run.State.IntakeBlobsScanned++;
            var path = IntakePathParser.TryParse(item.Name, out var parsed, out _) ? parsed : null;
            if (!await unaddressable.IsHandledAsync(item, cancellationToken))
            {
                var landed = item.Properties.CreatedOn ?? item.Properties.LastModified ?? now;
                if (now - landed >= _options.StuckAfter)
                {
                    var detail = $"landed {landed:O} and was not ingested within {_options.StuckAfter}";
                    if (await failures.GetAsync(item.Name, cancellationToken) is { } failure && failure.IsFor(item.Properties.ETag))
                    {
                        detail += $"; {failure.Attempts} ingest attempt(s) failed since {failure.FirstFailedAt:O}, last: {failure.LastError}";
                    }

                    // Reported only: the intake sweep owns re-ingest, with its back-off after failures.
                    detail += "; the intake sweep re-drives it";
                    run.Report(AnomalyKinds.Stuck, path?.CaseId, path?.UploadId, storage.Intake.Name, item.Name, detail);
                }
            }
            else if (await FindIntakeRecordAsync(item.Name, path, IntakeMarks.StateOf(item.Tags, item.Properties.ETag) ?? IntakeMarks.Rejected, cancellationToken) is { } gone)
            {
                run.Report(AnomalyKinds.Missing, path?.CaseId, path?.UploadId, storage.Intake.Name, item.Name, gone);
            }

            await run.CompleteUnitAsync(item.Name, cancellationToken);
            Report(progress, run);
        }
    }

    /// <summary>
    /// A handled intake blob must still have what ingest recorded for it: its document row, or an upload record
    /// (duplicate, conflict, rejection under a taken or invalid id), or its unroutable row. Null when it does;
    /// otherwise what is gone. Keyed reads only: no partition scans.
    /// </summary>
    private async Task<string?> FindIntakeRecordAsync(string intakeBlob, IntakePath? path, string mark, CancellationToken cancellationToken)
    {
        if (path is not null)
        {
            var row = await index.GetAsync(path.CaseId, path.UploadId, cancellationToken);
            if (mark is IntakeMarks.Ingested or IntakeMarks.Duplicate && row is null)
            {
                return $"intake is marked {mark} but the document row does not exist";
            }

            if (row is not null && string.Equals(row.IntakeBlob, intakeBlob, StringComparison.Ordinal) && mark is IntakeMarks.Ingested or IntakeMarks.Rejected)
            {
                return null;
            }

            return await index.AnyUploadMarkerAsync(path.CaseId, path.UploadId, m => m.IntakeBlob == intakeBlob, cancellationToken) || (row is not null && mark == IntakeMarks.Ingested)
                ? null
                : $"intake is marked {mark} but neither its document row nor its upload record names it";
        }

        if (IntakePathParser.TryGetCaseId(intakeBlob, out var caseOnly))
        {
            return await index.AnyUploadMarkerAsync(caseOnly, "", m => m.IntakeBlob == intakeBlob, cancellationToken)
                ? null
                : $"intake is marked {mark} but its upload record in case {caseOnly} does not exist";
        }

        var prefix = QuarantineBlobStore.UnroutableKey(intakeBlob) + "-";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {DocumentRowKeys.UnroutablePartition} and RowKey ge {prefix} and RowKey lt {prefix + "~"}");
        await foreach (var _ in storage.Documents.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            return null;
        }

        return $"intake is marked {mark} but its unroutable record does not exist";
    }
}
