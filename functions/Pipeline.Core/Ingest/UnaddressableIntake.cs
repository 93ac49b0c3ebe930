using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Pipeline.Audit;
using Pipeline.Index;
using Pipeline.Quarantine;
using Pipeline.Storage;
using Pipeline.Validation;

namespace Pipeline.Ingest;

/// <summary>
/// Intake blobs whose name no client can address exactly (<see cref="BlobAddress"/>): reading, copying or tagging them
/// would touch another blob, so their bytes stay where the portal put them, unread, and the upload is recorded as
/// rejected (<c>invalid-path</c>) without a quarantine copy: an upload record and audit record in the case the name
/// starts with, or a row in the unroutable partition. That record, keyed by the name and the version's ETag from the
/// listing, stands in for the intake mark the blob cannot carry: sweeps and reconciliation skip a version that has one.
/// </summary>
public sealed class UnaddressableIntake(PipelineStorage storage, CaseLedger ledger, TimeProvider time)
{
    private const string UploadedByKey = "uploadedby";
    private const int MaxRecordedUploaderLength = 1024;
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>Records the rejection of the version of <paramref name="intakeBlob"/> now listed in intake (once per version).</summary>
    public async Task<IngestResult> RecordAsync(string intakeBlob, CancellationToken cancellationToken = default)
    {
        var item = await FindAsync(intakeBlob, cancellationToken);
        if (item?.Properties.ETag is not { } etag)
        {
            return new IngestResult(IngestOutcome.NotFound, intakeBlob);
        }

        var (partition, rowKey) = KeyFor(intakeBlob, etag);
        IReadOnlyList<RejectionReason> reasons =
        [
            new(ReasonCodes.InvalidPath, "the name has a '.' or '..' segment (or another form a URI resolves to a different name), so no storage client can read, copy or tag it without touching another blob; its bytes stay in intake under this name, unread"),
        ];
        var reasonsJson = JsonSerializer.Serialize(reasons, JsonOptions);
        var uploadedBy = item.Metadata?.FirstOrDefault(m => string.Equals(m.Key, UploadedByKey, StringComparison.OrdinalIgnoreCase)).Value;
        if (IntakePathParser.TryGetCaseId(intakeBlob, out var caseId))
        {
            var marker = new UploadMarker
            {
                PartitionKey = partition,
                RowKey = rowKey,
                Outcome = Intake.IntakeMarks.Rejected,
                IntakeBlob = intakeBlob,
                Reasons = reasonsJson,
                RecordedAt = time.GetUtcNow(),
            };
            try
            {
                await ledger.AppendAsync(
                    caseId,
                    new AuditEntry(AuditKinds.UploadRejected, null, null, $"{intakeBlob} ({item.Properties.ContentLength} bytes, ETag {etag}) rejected ({reasons[0].Code}: {reasons[0].Detail}); not copied to quarantine"),
                    [new TableTransactionAction(TableTransactionActionType.Add, marker)],
                    cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409 && ex.FailedTransactionActionIndex == 0)
            {
                // Recorded by an earlier run.
            }
        }
        else
        {
            var row = new DocumentRecord
            {
                PartitionKey = partition,
                RowKey = rowKey,
                UploadKey = QuarantineBlobStore.DigestKey(null, etag),
                Length = item.Properties.ContentLength ?? 0,
                ContentType = item.Properties.ContentType ?? "",
                State = DocumentStates.Rejected,
                UploadedBy = UntrustedText.Bound(uploadedBy, MaxRecordedUploaderLength),
                UploadedAt = item.Properties.CreatedOn ?? time.GetUtcNow(),
                IngestedAt = time.GetUtcNow(),
                IntakeBlob = intakeBlob,
                Reasons = reasonsJson,
            };
            try
            {
                await storage.Documents.AddEntityAsync(row, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Recorded by an earlier run.
            }
        }

        return new IngestResult(IngestOutcome.Rejected, intakeBlob, caseId, Reasons: reasons);
    }

    /// <summary>
    /// Whether the listed version of an intake blob (listed with its tags) has been handled: it carries the intake mark,
    /// or its name cannot carry one and its rejection is recorded. Sweeps and reconciliation decide by this alone.
    /// </summary>
    public async Task<bool> IsHandledAsync(BlobItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Intake.IntakeMarks.IsProcessed(item.Tags, item.Properties.ETag)
            || (!BlobAddress.IsExact(storage.Intake, item.Name) && await IsRecordedAsync(item.Name, item.Properties.ETag, cancellationToken));
    }

    /// <summary>Whether the version <paramref name="etag"/> of <paramref name="intakeBlob"/> has been recorded (one keyed read).</summary>
    public async Task<bool> IsRecordedAsync(string intakeBlob, ETag? etag, CancellationToken cancellationToken = default)
    {
        if (etag is not { } version)
        {
            return false;
        }

        var (partition, rowKey) = KeyFor(intakeBlob, version);
        var row = await storage.Documents.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, select: ["RowKey"], cancellationToken: cancellationToken);
        return row.HasValue;
    }

    /// <summary>The same keys a rejection under an invalid name gets: an upload record in its case, else the unroutable row.</summary>
    private static (string Partition, string RowKey) KeyFor(string intakeBlob, ETag etag)
    {
        var uploadKey = QuarantineBlobStore.DigestKey(null, etag);
        return IntakePathParser.TryGetCaseId(intakeBlob, out var caseId)
            ? (caseId, UploadMarker.RowKeyFor("", uploadKey, intakeBlob))
            : (DocumentRowKeys.UnroutablePartition, $"{QuarantineBlobStore.UnroutableKey(intakeBlob)}-{uploadKey}");
    }

    /// <summary>The listing entry of exactly <paramref name="intakeBlob"/>: listing takes the name as a query value, which no URI resolves.</summary>
    private async Task<BlobItem?> FindAsync(string intakeBlob, CancellationToken cancellationToken)
    {
        // A name sorts before every longer name it prefixes, so the first entry is it or it is gone.
        var options = new GetBlobsOptions { Prefix = intakeBlob, Traits = BlobTraits.Metadata };
        await foreach (var page in storage.Intake.GetBlobsAsync(options, cancellationToken).AsPages(pageSizeHint: 1))
        {
            // A page may be empty with a continuation (the service's choice); the first entry decides.
            if (page.Values.Count > 0)
            {
                return string.Equals(page.Values[0].Name, intakeBlob, StringComparison.Ordinal) ? page.Values[0] : null;
            }
        }

        return null;
    }
}
