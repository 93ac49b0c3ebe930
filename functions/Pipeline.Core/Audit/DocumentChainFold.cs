using Pipeline.Index;

namespace Pipeline.Audit;

/// <summary>
/// Folds a case's audit records, in chain order, into what each document's row must say: the facts of the last
/// event that created or changed it. Records after a break in the chain are not trusted, so a document they touch
/// has no expected row (the break itself is the finding).
/// </summary>
public sealed class DocumentChainFold
{
    private readonly Dictionary<string, DocumentFacts> _expected = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _definedBy = new(StringComparer.Ordinal);
    private readonly HashSet<string> _untrusted = new(StringComparer.Ordinal);

    public void Add(AuditRecord record, bool trusted = true)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.DocumentId is not { } documentId)
        {
            return;
        }

        if (!trusted)
        {
            _untrusted.Add(documentId);
            return;
        }

        var known = _expected.GetValueOrDefault(documentId);
        var facts = DocumentFacts.TryParse(record.Facts) ?? LegacyFacts(record, known);
        if (facts is not null)
        {
            _expected[documentId] = facts;
            _definedBy[documentId] = record.Sequence;
        }
    }

    /// <summary>What the document's row must say, or null when the chain does not define it (or cannot be trusted for it).</summary>
    public DocumentFacts? Expected(string documentId) =>
        _untrusted.Contains(documentId) ? null : _expected.GetValueOrDefault(documentId);

    /// <summary>The sequence number of the record that defines <paramref name="documentId"/>'s expected row.</summary>
    public long DefinedBy(string documentId) => _definedBy.GetValueOrDefault(documentId);

    /// <summary>Records written before payloads existed still say the digest and, by their kind, the state.</summary>
    private static DocumentFacts? LegacyFacts(AuditRecord record, DocumentFacts? known) => record.Kind switch
    {
        AuditKinds.DocumentIngested => DocumentFacts.Legacy(record.Sha256 ?? "", DocumentStates.Stored),
        // A rejection recorded beside an existing document (an upload record) does not define its row.
        AuditKinds.UploadRejected when known is null => DocumentFacts.Legacy(record.Sha256 ?? "", DocumentStates.Rejected),
        AuditKinds.DocumentVerified or AuditKinds.DocumentRestored when known is not null => known with { State = DocumentStates.Verified },
        AuditKinds.DocumentCorrupt when known is not null => known with { State = DocumentStates.Corrupt },
        AuditKinds.DocumentMissing when known is not null => known with { State = DocumentStates.Missing },
        _ => null,
    };
}
