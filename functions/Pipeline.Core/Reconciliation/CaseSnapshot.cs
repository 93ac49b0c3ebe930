using Azure.Data.Tables;
using Pipeline.Audit;
using Pipeline.Storage;

namespace Pipeline.Reconciliation;

/// <summary>
/// One case's rows as the reconciliation's range scan read them: the case's own rows, its head and its audit records,
/// untyped. Pages of one query are read at different moments, so the snapshot is used only when it is consistent in
/// itself (see <see cref="TryGetChain"/>); otherwise the case is read again in the order that needs no such check.
/// </summary>
internal sealed class CaseSnapshot(string caseId)
{
    public string CaseId { get; } = caseId;

    /// <summary>Every row but the head and the audit records, in key order.</summary>
    public List<TableEntity> Rows { get; } = [];

    /// <summary>The audit records, in key (that is, sequence) order.</summary>
    public List<TableEntity> Records { get; } = [];

    public TableEntity? Head { get; set; }

    /// <summary>The case had more rows than a snapshot holds: nothing here is complete.</summary>
    public bool Truncated { get; set; }

    public int Count => Rows.Count + Records.Count + (Head is null ? 0 : 1);

    public void Add(TableEntity entity)
    {
        if (DocumentRowKeys.IsAudit(entity.RowKey))
        {
            Records.Add(entity);
        }
        else if (entity.RowKey == DocumentRowKeys.CaseHead)
        {
            Head = entity;
        }
        else
        {
            Rows.Add(entity);
        }
    }

    /// <summary>
    /// The head and the records up to it, when the snapshot could only have been read that way from a chain nobody
    /// tampered with: a well-formed head, well-formed records 1..n with n at least the head's sequence, and an arrival
    /// record up to the head for every document row. A row commits in one transaction with its record and the head, so
    /// anything else is either a write between two pages of the scan or a finding, and both are left to the ordered read.
    /// </summary>
    public bool TryGetChain(out RowRead<CaseHead>? head, out List<RowRead<AuditRecord>> records)
    {
        head = null;
        records = [];
        if (Truncated)
        {
            return false;
        }

        if (Head is null)
        {
            // No chain at all is consistent only for a case with no records and no documents (e.g. only an intent).
            return Records.Count == 0 && !Rows.Any(r => DocumentRowKeys.IsDocument(r.RowKey));
        }

        head = TableRowReader.Read<CaseHead>(Head);
        if (!head.IsWellFormed)
        {
            return false;
        }

        var arrived = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entity in Records)
        {
            var read = TableRowReader.Read<AuditRecord>(entity);
            if (!read.IsWellFormed || read.Row.Sequence != records.Count + 1)
            {
                return false;
            }

            if (read.Row.Sequence > head.Row.Sequence)
            {
                // Appended after the head was read: tomorrow's run checks it.
                break;
            }

            records.Add(read);
            if (read.Row.Kind is AuditKinds.DocumentIngested or AuditKinds.UploadRejected && read.Row.DocumentId is { } documentId)
            {
                arrived.Add(documentId);
            }
        }

        return records.Count == head.Row.Sequence
            && Rows.Where(r => DocumentRowKeys.IsDocument(r.RowKey)).All(r => arrived.Contains(r.RowKey));
    }
}
