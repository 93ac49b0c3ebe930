using Pipeline.Storage;

namespace Pipeline.Audit;

/// <summary>
/// Verifies one case's chain incrementally: feed records in sequence order, then the head. Holds O(1) state,
/// so a case with any number of records is verified while streaming.
/// </summary>
public sealed class AuditChainVerifier(string caseId)
{
    private long _expectedSequence = 1;
    private string _previousHash = AuditHash.Genesis;

    /// <summary>The first break found, or null while the chain holds.</summary>
    public string? Break { get; private set; }

    public long RecordsVerified { get; private set; }

    public void Add(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (Break is not null)
        {
            return;
        }

        if (record.Sequence != _expectedSequence)
        {
            Break = record.Sequence > _expectedSequence
                ? $"audit record {_expectedSequence} is missing (next present is {record.Sequence})"
                : $"audit record {record.Sequence} is out of order (expected {_expectedSequence})";
            return;
        }

        if (!string.Equals(record.RowKey, Storage.DocumentRowKeys.Audit(record.Sequence), StringComparison.Ordinal))
        {
            Break = $"audit record {record.Sequence} is stored under the wrong key {record.RowKey}";
            return;
        }

        if (!string.Equals(record.PreviousHash, _previousHash, StringComparison.Ordinal))
        {
            Break = $"audit record {record.Sequence} does not link to record {record.Sequence - 1}";
            return;
        }

        var hash = AuditHash.Compute(caseId, record);
        if (!string.Equals(hash, record.Hash, StringComparison.Ordinal))
        {
            Break = $"audit record {record.Sequence} was altered (its hash does not match its content)";
            return;
        }

        _previousHash = hash;
        _expectedSequence++;
        RecordsVerified++;
    }

    /// <summary>
    /// A record whose fields could not all be read (reported on its own as malformed): its hash cannot be recomputed,
    /// so the chain is followed on by its key and stored hash. Anything else wrong with the chain is still found.
    /// </summary>
    public void AddUnreadable(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (Break is not null)
        {
            return;
        }

        if (!string.Equals(record.RowKey, Storage.DocumentRowKeys.Audit(_expectedSequence), StringComparison.Ordinal))
        {
            Break = $"audit record {_expectedSequence} is missing (next present is {record.RowKey})";
            return;
        }

        _previousHash = record.Hash;
        _expectedSequence++;
    }

    /// <summary>Call once after the last record; <paramref name="head"/> is null when the case has no head row.</summary>
    public void Complete(CaseHead? head)
    {
        if (Break is not null)
        {
            return;
        }

        var last = _expectedSequence - 1;
        if (head is null)
        {
            if (last > 0)
            {
                Break = "the case head is missing";
            }

            return;
        }

        if (head.Sequence != last)
        {
            Break = head.Sequence > last
                ? $"audit records {last + 1} to {head.Sequence} are missing"
                : $"the case head says {head.Sequence} records but {last} are present";
        }
        else if (!string.Equals(head.LastHash, _previousHash, StringComparison.Ordinal))
        {
            Break = "the case head does not match the last audit record";
        }
    }
}
