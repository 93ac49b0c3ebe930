using Pipeline.Audit;

namespace Pipeline.Impact;

/// <summary>
/// One document's integrity history, folded from its audit records (acceptance, verifications, corruption, loss,
/// restore, disposal) and its row's last successful check. Checks that found nothing new are not audited, so the
/// known-good times between audited events may be fewer than the checks that ran: windows are then wider, never narrower.
/// </summary>
public sealed class DocumentHistory(string documentId, string sha256, DateTimeOffset acceptedAt)
{
    private readonly List<DateTimeOffset> _good = [acceptedAt];
    private readonly List<(DateTimeOffset At, string Finding)> _bad = [];

    public string DocumentId { get; } = documentId;

    public string Sha256 { get; } = sha256;

    public DateTimeOffset AcceptedAt { get; } = acceptedAt;

    public DateTimeOffset? DisposedAt { get; private set; }

    public void Add(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        switch (record.Kind)
        {
            case AuditKinds.DocumentVerified or AuditKinds.DocumentRestored:
                _good.Add(record.RecordedAt);
                break;
            case AuditKinds.DocumentCorrupt:
                _bad.Add((record.RecordedAt, ImpactStatuses.Altered));
                break;
            case AuditKinds.DocumentMissing:
                _bad.Add((record.RecordedAt, ImpactStatuses.Missing));
                break;
            case AuditKinds.DocumentDisposed:
                DisposedAt ??= record.RecordedAt;
                break;
        }
    }

    /// <summary>A check that found the bytes intact (e.g. the row's <c>LastVerifiedAt</c>).</summary>
    public void AddKnownGood(DateTimeOffset at) => _good.Add(at);

    /// <summary>Every finding window, in time order.</summary>
    public IReadOnlyList<ImpactWindow> Windows()
    {
        var events = _good.Select(g => (At: g, Finding: (string?)null))
            .Concat(_bad.Select(b => (b.At, Finding: (string?)b.Finding)))
            .OrderBy(e => e.At)
            .ThenBy(e => e.Finding is null ? 1 : 0);
        var windows = new List<ImpactWindow>();
        var lastGood = AcceptedAt;
        ImpactWindow? open = null;
        foreach (var (at, finding) in events)
        {
            if (finding is null)
            {
                if (open is not null)
                {
                    windows.Add(open with { ResolvedAt = at });
                    open = null;
                }

                lastGood = at;
            }
            else if (open is null || open.Finding != finding)
            {
                if (open is not null)
                {
                    windows.Add(open with { ResolvedAt = at });
                }

                open = new ImpactWindow(finding, lastGood, at, null);
            }
        }

        if (open is not null)
        {
            windows.Add(open);
        }

        return windows;
    }

    public DocumentImpact At(DateTimeOffset at)
    {
        var windows = Windows();
        var lastGood = _good.Where(g => g <= at).DefaultIfEmpty().Max();
        DocumentImpact Result(string status, DateTimeOffset? good) => new(DocumentId, Sha256, AcceptedAt, DisposedAt, status, good, windows);

        if (at < AcceptedAt || DisposedAt <= at)
        {
            return Result(ImpactStatuses.NotInCase, null);
        }

        foreach (var window in windows)
        {
            if (window.FoundAt <= at && (window.ResolvedAt is null || at < window.ResolvedAt))
            {
                return Result(window.Finding, window.LastKnownGood);
            }

            if (window.LastKnownGood < at && at < window.FoundAt)
            {
                return Result(window.Finding == ImpactStatuses.Missing ? ImpactStatuses.PossiblyMissing : ImpactStatuses.PossiblyAltered, window.LastKnownGood);
            }
        }

        return Result(_good.Any(g => g >= at) ? ImpactStatuses.Intact : ImpactStatuses.Unconfirmed, lastGood);
    }
}
