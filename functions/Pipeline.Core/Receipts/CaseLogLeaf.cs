using System.Globalization;
using System.Text;
using Pipeline.Audit;

namespace Pipeline.Receipts;

/// <summary>
/// One leaf of a case's Merkle log: an event that changed which documents the case holds. The log is append-only:
/// a document's acceptance is one leaf, its audited disposal a later leaf, so a case that shrank by disposal is still
/// a consistent extension of every earlier tree. Each leaf names the audit record it came from (sequence and hash),
/// so the tree commits to the audit chain too.
/// </summary>
public sealed record CaseLogLeaf(string Event, string DocumentId, string Sha256, long AuditSequence, DateTimeOffset RecordedAt, string AuditHash)
{
    /// <summary>A document was accepted into the case (audit <see cref="AuditKinds.DocumentIngested"/>).</summary>
    public const string Accepted = "accepted";

    /// <summary>A document was removed from the case by an audited disposal (audit <see cref="AuditKinds.DocumentDisposed"/>).</summary>
    public const string Disposed = "disposed";

    private const string Version = "case-log-leaf/v1";

    /// <summary>The leaf an audit record contributes, or null when the record does not change the case's documents.</summary>
    public static CaseLogLeaf? From(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var kind = record.Kind switch
        {
            AuditKinds.DocumentIngested => Accepted,
            AuditKinds.DocumentDisposed => Disposed,
            _ => null,
        };
        return kind is null || string.IsNullOrEmpty(record.DocumentId) || string.IsNullOrEmpty(record.Sha256)
            ? null
            : new CaseLogLeaf(kind, record.DocumentId, record.Sha256, record.Sequence, record.RecordedAt, record.Hash);
    }

    /// <summary>
    /// The leaf's bytes: every field length-prefixed (as the audit hash encodes them), so no two leaves share an
    /// encoding; the case id is included so a leaf cannot be replayed into another case's tree.
    /// </summary>
    public byte[] Encode(string caseId)
    {
        ArgumentNullException.ThrowIfNull(caseId);
        var builder = new StringBuilder(256);
        foreach (var field in new[]
        {
            Version, caseId, Event, DocumentId, Sha256,
            AuditSequence.ToString(CultureInfo.InvariantCulture),
            RecordedAt.UtcTicks.ToString(CultureInfo.InvariantCulture),
            AuditHash,
        })
        {
            builder.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('\n');
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    public byte[] Hash(string caseId) => MerkleTree.LeafHash(Encode(caseId));
}
