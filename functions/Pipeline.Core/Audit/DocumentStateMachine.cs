using Pipeline.Index;

namespace Pipeline.Audit;

/// <summary>
/// The one table of document state transitions and the audit kind that records each. An integrity check moves a
/// document between <see cref="DocumentStates"/> only along these edges; back from Corrupt or Missing only through
/// an audited recovery (<see cref="AuditKinds.DocumentRestored"/>). A rejected document never changes state.
/// </summary>
public static class DocumentStateMachine
{
    private static readonly Dictionary<(string From, string To), string> Transitions = new()
    {
        [(DocumentStates.Stored, DocumentStates.Verified)] = AuditKinds.DocumentVerified,
        [(DocumentStates.Stored, DocumentStates.Corrupt)] = AuditKinds.DocumentCorrupt,
        [(DocumentStates.Stored, DocumentStates.Missing)] = AuditKinds.DocumentMissing,
        [(DocumentStates.Verified, DocumentStates.Corrupt)] = AuditKinds.DocumentCorrupt,
        [(DocumentStates.Verified, DocumentStates.Missing)] = AuditKinds.DocumentMissing,
        [(DocumentStates.Corrupt, DocumentStates.Missing)] = AuditKinds.DocumentMissing,
        [(DocumentStates.Missing, DocumentStates.Corrupt)] = AuditKinds.DocumentCorrupt,
        [(DocumentStates.Corrupt, DocumentStates.Verified)] = AuditKinds.DocumentRestored,
        [(DocumentStates.Missing, DocumentStates.Verified)] = AuditKinds.DocumentRestored,
    };

    /// <summary>Every allowed transition with the audit kind that records it.</summary>
    public static IReadOnlyCollection<KeyValuePair<(string From, string To), string>> All => Transitions;

    /// <summary>The audit kind recording <paramref name="from"/> → <paramref name="to"/>, or null when that transition is not allowed.</summary>
    public static string? AuditKindFor(string from, string to) => Transitions.GetValueOrDefault((from, to));
}
