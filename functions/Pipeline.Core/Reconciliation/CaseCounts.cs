using System.Globalization;

namespace Pipeline.Reconciliation;

/// <summary>Anomaly counts of one case while a report is written; kept in blob metadata between chunks.</summary>
internal sealed class CaseCounts(string caseId)
{
    private const string CaseIdKey = "caseid";
    private const string CountsKey = "counts";
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    public string CaseId { get; } = caseId;

    public void Add(string kind, long count = 1) => _counts[kind] = _counts.GetValueOrDefault(kind) + count;

    public void Merge(CaseCounts other)
    {
        foreach (var (kind, count) in other._counts)
        {
            Add(kind, count);
        }
    }

    public CaseSummary ToSummary() => new(CaseId, new Dictionary<string, long>(_counts, StringComparer.Ordinal));

    /// <summary><c>caseid</c> (escaped: metadata is ASCII) and <c>counts</c> as <c>kind=n,kind=n</c>.</summary>
    public Dictionary<string, string> ToMetadata() => new()
    {
        [CaseIdKey] = Uri.EscapeDataString(CaseId),
        [CountsKey] = string.Join(',', _counts.Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Key}={pair.Value}"))),
    };

    public static CaseCounts FromMetadata(IDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var counts = new CaseCounts(Uri.UnescapeDataString(metadata.TryGetValue(CaseIdKey, out var id) ? id : ""));
        if (metadata.TryGetValue(CountsKey, out var text))
        {
            foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = pair.Split('=', 2);
                counts.Add(parts[0], long.Parse(parts[1], CultureInfo.InvariantCulture));
            }
        }

        return counts;
    }
}
