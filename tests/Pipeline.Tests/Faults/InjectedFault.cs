namespace Pipeline.Tests.Faults;

/// <summary>
/// One fault the suite injected and the finding it must produce: <see cref="Kind"/> in <see cref="CaseId"/> for
/// <see cref="DocumentId"/> (null: a case-level finding). Other findings on the same document (or, for a case-level
/// fault, the same case) are this fault's consequences, not false positives.
/// </summary>
public sealed record InjectedFault(string Name, string Kind, string CaseId, string? DocumentId)
{
    public bool Explains(Pipeline.Reconciliation.Anomaly anomaly) =>
        anomaly.CaseId == CaseId && (DocumentId is null || anomaly.DocumentId == DocumentId);

    public bool DetectedBy(Pipeline.Reconciliation.Anomaly anomaly) =>
        anomaly.Kind == Kind && anomaly.CaseId == CaseId && (DocumentId is null || anomaly.DocumentId == DocumentId);
}
