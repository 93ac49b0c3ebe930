using Pipeline.Audit;

namespace Pipeline.Reconciliation;

public sealed partial class ReconciliationService
{
    /// <summary>
    /// Verifies the case's audit chain up to its head and against the previous run's anchor, reports a break, anchors
    /// what verified, and returns the documents whose arrival (or rejection) the chain records.
    /// </summary>
    private async Task<HashSet<string>> VerifyChainAsync(ReconciliationRun run, string caseId, CaseAnchor? previous, CancellationToken cancellationToken)
    {
        var head = await ledger.GetHeadAsync(caseId, cancellationToken);
        var verifier = new AuditChainVerifier(caseId);
        var audited = new HashSet<string>(StringComparer.Ordinal);
        string? hashAtAnchor = null;
        // Up to the head only: records appended after it was read belong to tomorrow's run.
        await foreach (var record in ledger.QueryRecordsAsync(caseId, head?.Sequence, cancellationToken))
        {
            verifier.Add(record);
            if (previous is not null && record.Sequence == previous.Sequence)
            {
                hashAtAnchor = record.Hash;
            }

            if (record.Kind is AuditKinds.DocumentIngested or AuditKinds.UploadRejected && record.DocumentId is not null)
            {
                audited.Add(record.DocumentId);
            }
        }

        verifier.Complete(head);
        var anchorBreak = previous switch
        {
            null => null,
            _ when head is null || head.Sequence < previous.Sequence =>
                $"the chain was cut back: run {run.State.PreviousRunId} saw it reach record {previous.Sequence}, now it ends at {head?.Sequence ?? 0}",
            _ when !string.Equals(hashAtAnchor, previous.Hash, StringComparison.Ordinal) =>
                $"audit record {previous.Sequence} is not the one run {run.State.PreviousRunId} saw",
            _ => null,
        };
        if (verifier.Break is { } chainBreak)
        {
            run.Report(AnomalyKinds.ChainBroken, caseId, null, null, null, chainBreak);
        }
        else if (anchorBreak is not null)
        {
            run.Report(AnomalyKinds.ChainBroken, caseId, null, null, null, anchorBreak);
        }

        // Anchor what verified; a broken chain keeps the last trustworthy anchor, so tomorrow still compares against it.
        if (verifier.Break is null && anchorBreak is null && head is not null)
        {
            run.Anchor(new CaseAnchor(caseId, head.Sequence, head.LastHash));
        }
        else if (previous is not null)
        {
            run.Anchor(previous);
        }


        return audited;
    }
}
