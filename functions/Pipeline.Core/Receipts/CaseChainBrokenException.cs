namespace Pipeline.Receipts;

/// <summary>The case's audit chain does not verify, so nothing derived from it (receipt, manifest, bundle) can be issued.</summary>
public sealed class CaseChainBrokenException : Exception
{
    public CaseChainBrokenException()
    {
    }

    public CaseChainBrokenException(string message)
        : base(message)
    {
    }

    public CaseChainBrokenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CaseChainBrokenException(string caseId, string chainBreak)
        : base($"The audit chain of case {caseId} does not verify ({chainBreak}); no receipt, manifest or bundle is issued from it until it is investigated.")
    {
        CaseId = caseId;
    }

    public string? CaseId { get; }
}
