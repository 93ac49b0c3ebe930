namespace Pipeline.Integrity;

/// <param name="Outcome">The document's state after the check (see <c>DocumentStates</c>), or <c>NotIndexed</c>, <c>Skipped</c>, <c>Stale</c>.</param>
/// <param name="Detail">What was found, in words.</param>
/// <param name="StateChanged">True when the check moved the document to another state (and audited it).</param>
public sealed record IntegrityCheckResult(string Outcome, string Detail, bool StateChanged = false)
{
    public const string NotIndexed = "NotIndexed";
    public const string Skipped = "Skipped";
    public const string Stale = "Stale";
}
