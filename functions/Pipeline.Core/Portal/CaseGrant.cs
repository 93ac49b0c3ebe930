namespace Pipeline.Portal;

/// <summary>
/// The cases a caller may use: exact case ids, prefixes (<c>FAM-*</c>), or <c>*</c> for all. Case ids are matched
/// ordinally (they are [A-Za-z0-9_-] only), so no spelling of one case reaches another.
/// </summary>
public sealed class CaseGrant
{
    private readonly HashSet<string> _cases;
    private readonly string[] _prefixes;

    private CaseGrant(HashSet<string> cases, string[] prefixes, bool allCases)
    {
        _cases = cases;
        _prefixes = prefixes;
        AllCases = allCases;
    }

    public static CaseGrant None { get; } = new([], [], allCases: false);

    /// <summary>True when the grant is <c>*</c>: every case, and the operations page.</summary>
    public bool AllCases { get; }

    /// <summary>Parses comma-, semicolon- or space-separated patterns; an empty or absent list grants nothing.</summary>
    public static CaseGrant Parse(string? patterns)
    {
        var cases = new HashSet<string>(StringComparer.Ordinal);
        var prefixes = new List<string>();
        var all = false;
        foreach (var pattern in (patterns ?? "").Split([',', ';', ' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (pattern == "*")
            {
                all = true;
            }
            else if (pattern.EndsWith('*'))
            {
                prefixes.Add(pattern[..^1]);
            }
            else
            {
                cases.Add(pattern);
            }
        }

        return new CaseGrant(cases, [.. prefixes], all);
    }

    public bool Allows(string caseId) =>
        AllCases || _cases.Contains(caseId) || Array.Exists(_prefixes, p => caseId.StartsWith(p, StringComparison.Ordinal));
}
