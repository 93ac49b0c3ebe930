using Pipeline.Audit;
using Pipeline.Index;

namespace Pipeline.Impact;

/// <summary>
/// Answers "was this case's evidence complete and intact at that time?" from the case's audit chain (verified first)
/// and each document's verification history, naming for every finding the window in which the document may have been
/// incomplete or altered (from its last known-good check to the finding) and in which it was (until it was restored).
/// </summary>
public sealed class ImpactService(CaseLedger ledger, DocumentIndex index, TimeProvider time)
{
    /// <summary>The case at <paramref name="at"/> (now when null); null when the case has no audit records.</summary>
    public async Task<CaseImpact?> AssessAsync(string caseId, DateTimeOffset? at = null, CancellationToken cancellationToken = default)
    {
        var when = at ?? time.GetUtcNow();
        var head = await ledger.GetHeadAsync(caseId, cancellationToken);
        var verifier = new AuditChainVerifier(caseId);
        var histories = new Dictionary<string, DocumentHistory>(StringComparer.Ordinal);
        var any = false;
        await foreach (var record in ledger.QueryRecordsAsync(caseId, head?.Sequence, cancellationToken))
        {
            any = true;
            verifier.Add(record);
            if (record.DocumentId is not { Length: > 0 } documentId)
            {
                continue;
            }

            if (record.Kind == AuditKinds.DocumentIngested && record.Sha256 is { Length: > 0 } sha256)
            {
                histories.TryAdd(documentId, new DocumentHistory(documentId, sha256, record.RecordedAt));
            }
            else if (histories.TryGetValue(documentId, out var history))
            {
                history.Add(record);
            }
        }

        verifier.Complete(head);
        if (!any && head is null)
        {
            return null;
        }

        if (verifier.Break is { } chainBreak)
        {
            return new CaseImpact(caseId, when, ImpactVerdicts.ChainBroken, chainBreak, null, []);
        }

        await foreach (var row in index.QueryCaseAsync(caseId, cancellationToken))
        {
            // The row's last successful check: only checks that changed the state are audited.
            if (row.LastVerifiedAt is { } verified && histories.TryGetValue(row.DocumentId, out var history))
            {
                history.AddKnownGood(verified);
            }
        }

        var documents = histories.Values.OrderBy(h => h.DocumentId, StringComparer.Ordinal).Select(h => h.At(when)).ToList();
        var inCase = documents.Where(d => d.Status != ImpactStatuses.NotInCase).ToList();
        var verdict = inCase.Any(d => d.Status is ImpactStatuses.Altered or ImpactStatuses.Missing) ? ImpactVerdicts.Compromised
            : inCase.Any(d => d.Status is ImpactStatuses.PossiblyAltered or ImpactStatuses.PossiblyMissing) ? ImpactVerdicts.PossiblyCompromised
            : ImpactVerdicts.Intact;
        var confirmedThrough = inCase.Count == 0 ? (DateTimeOffset?)null : inCase.Min(d => d.LastKnownGood);
        return new CaseImpact(caseId, when, verdict, null, confirmedThrough, documents);
    }
}
