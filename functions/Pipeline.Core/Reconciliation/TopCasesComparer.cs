namespace Pipeline.Reconciliation;

/// <summary>Orders the min-heap of a report's top cases: fewest anomalies first, then the later case id, so it drops those.</summary>
internal sealed class TopCasesComparer : IComparer<(long Total, string CaseId)>
{
    public static TopCasesComparer Instance { get; } = new();

    public int Compare((long Total, string CaseId) x, (long Total, string CaseId) y)
    {
        var byTotal = x.Total.CompareTo(y.Total);
        return byTotal != 0 ? byTotal : string.CompareOrdinal(y.CaseId, x.CaseId);
    }
}
