using Azure.Data.Tables;
using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Intake;
using Pipeline.Storage;

namespace Pipeline.Reconciliation;

public sealed partial class ReconciliationService
{
    /// <summary>
    /// Reads every row of the case but its audit records, untyped, and tells the kinds apart by key. A row not of the
    /// pipeline's shape costs one <c>malformed-row</c> anomaly naming it and its properties, and the run goes on with
    /// what could be read of it (so its blob is not also reported untracked, nor its document as having no row).
    /// </summary>
    private static async Task<CaseRows> ReadCaseRowsAsync(ReconciliationRun run, string caseId, IAsyncEnumerable<TableEntity> entities, CancellationToken cancellationToken)
    {
        var rows = new CaseRows();
        await foreach (var entity in entities.WithCancellation(cancellationToken))
        {
            var key = entity.RowKey;
            if (DocumentRowKeys.IsDocument(key))
            {
                var read = TableRowReader.Read<DocumentRecord>(entity);
                rows.Documents.Add(read.Row);
                if (!read.IsWellFormed)
                {
                    rows.Malformed.Add(key);
                    ReportMalformed(run, caseId, key, read.Describe("document"));
                }
            }
            else if (key.StartsWith(UploadMarker.RowKeyPrefix, StringComparison.Ordinal))
            {
                var read = TableRowReader.Read<UploadMarker>(entity);
                rows.Markers.Add(read.Row);
                if (!read.IsWellFormed)
                {
                    ReportMalformed(run, caseId, read.Row.DocumentId, read.Describe("upload record"));
                }
            }
            else if (key.StartsWith(DocumentRowKeys.FailurePrefix, StringComparison.Ordinal))
            {
                if (TableRowReader.Read<IngestFailure>(entity) is { IsWellFormed: false } read)
                {
                    ReportMalformed(run, caseId, null, read.Describe("failed-attempt record"));
                }
            }
            else if (key.StartsWith(DocumentRowKeys.IntentPrefix, StringComparison.Ordinal))
            {
                var read = TableRowReader.Read<UploadIntent>(entity);
                if (read.IsWellFormed)
                {
                    rows.Intents.Add(read.Row);
                }
                else
                {
                    ReportMalformed(run, caseId, read.Row.UploadId, read.Describe("upload intent"));
                }
            }
            else if (key == DocumentRowKeys.LegalHold)
            {
                if (TableRowReader.Read<Disposal.CaseHold>(entity) is { IsWellFormed: false } read)
                {
                    ReportMalformed(run, caseId, null, read.Describe("legal hold"));
                }
            }
            else if (key != DocumentRowKeys.CaseHead)
            {
                // The head is read (and checked) with the chain, after these rows.
                ReportMalformed(run, caseId, null, $"row {caseId}/{key} is of no kind the pipeline writes");
            }
        }

        return rows;
    }

    private static void ReportMalformed(ReconciliationRun run, string? caseId, string? documentId, string detail) =>
        run.Report(AnomalyKinds.MalformedRow, caseId, documentId, null, null, detail);

    /// <summary>A case's rows other than its audit records, as read at the start of its reconciliation.</summary>
    private sealed class CaseRows
    {
        public List<DocumentRecord> Documents { get; } = [];

        public List<UploadMarker> Markers { get; } = [];

        public List<UploadIntent> Intents { get; } = [];

        /// <summary>Document ids whose rows are not of the pipeline's shape (reported; not compared further).</summary>
        public HashSet<string> Malformed { get; } = new(StringComparer.Ordinal);
    }
}
