using Pipeline.Audit;
using Pipeline.Storage;

namespace Pipeline.Reconciliation;

public sealed partial class ReconciliationService
{
    /// <summary>
    /// Verifies the case's audit chain up to its head and against the previous run's anchor, reports a break, anchors
    /// what verified, and folds the trusted records into what each document's row must say. A record or head not of
    /// the pipeline's shape is one <c>malformed-row</c> anomaly: the chain is checked on past it by its stored hash.
    /// </summary>
    private async Task<CaseChain> VerifyChainAsync(
        ReconciliationRun run, string caseId, CaseAnchor? previous, RowRead<CaseHead>? headRead, Func<long?, IAsyncEnumerable<RowRead<AuditRecord>>> recordsUpTo, CancellationToken cancellationToken)
    {
        if (headRead is { IsWellFormed: false })
        {
            ReportMalformed(run, caseId, null, headRead.Describe("chain head"));
        }

        // A head that cannot be read is not compared with (it is the finding); the records are still verified.
        var headUsable = headRead is null or { IsWellFormed: true };
        var head = headRead?.Row;
        var verifier = ledger.CreateVerifier(caseId, RequireKeyedAfter(run, previous));
        var chain = new CaseChain();
        string? hashAtAnchor = null;
        // Up to the head only: records appended after it was read belong to tomorrow's run.
        await foreach (var read in recordsUpTo(headUsable ? head?.Sequence : null).WithCancellation(cancellationToken))
        {
            var record = read.Row;
            if (read.IsWellFormed)
            {
                verifier.Add(record);
            }
            else
            {
                ReportMalformed(run, caseId, record.DocumentId, read.Describe("audit record"));
                verifier.AddUnreadable(record);
            }

            chain.Fold.Add(record, trusted: read.IsWellFormed && verifier.Break is null);
            if (previous is not null && record.Sequence == previous.Sequence)
            {
                hashAtAnchor = record.Hash;
            }

            if (record.Kind is AuditKinds.DocumentIngested or AuditKinds.UploadRejected && record.DocumentId is not null)
            {
                chain.Audited.Add(record.DocumentId);
            }
        }

        if (headUsable)
        {
            verifier.Complete(head);
        }

        var anchorBreak = previous switch
        {
            null => null,
            _ when !headUsable => null,
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
        if (verifier.Break is null && anchorBreak is null && head is not null && headUsable)
        {
            run.Anchor(new CaseAnchor(caseId, head.Sequence, head.LastHash));
        }
        else if (previous is not null)
        {
            run.Anchor(previous);
        }

        return chain;
    }

    /// <summary>What a case's audit chain says: which documents arrived, and what each one's row must hold.</summary>
    private sealed class CaseChain
    {
        /// <summary>Documents whose arrival (or rejection) the chain records.</summary>
        public HashSet<string> Audited { get; } = new(StringComparer.Ordinal);

        public DocumentChainFold Fold { get; } = new();
    }
}
