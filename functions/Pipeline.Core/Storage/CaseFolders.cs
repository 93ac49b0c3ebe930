namespace Pipeline.Storage;

/// <summary>
/// How case folders ("{caseId}/…") of the evidence and quarantine containers lie in a flat blob listing, which is in
/// name order, while the documents table is in case-id order. The folder of case <c>c</c> is the names in
/// ["c/", "c0") ('0' follows '/'), one unbroken run of the listing. The two orders differ only where one case id is a
/// prefix of another followed by a character below '/' ('-', or '.' in a row no ingest wrote): "a-b/…" lists before "a/…".
/// </summary>
public static class CaseFolders
{
    /// <summary>The case folder a blob name lies in, or null for a name at the container root.</summary>
    public static string? CaseOf(string blobName)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        var slash = blobName.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? null : blobName[..slash];
    }

    /// <summary>The first name after the case's folder: every name of the folder sorts below it.</summary>
    public static string End(string caseId) => caseId + "0";

    /// <summary>
    /// The listing prefix that holds every case folder of the range (after, through]: the bounds' common prefix, which
    /// every case id between them shares; empty when a bound is open.
    /// </summary>
    public static string RangePrefix(string? after, string? through)
    {
        if (after is null || through is null)
        {
            return "";
        }

        // Never split a surrogate pair: half of one cannot be sent as a prefix.
        var length = CommonPrefixLength(after, through);
        return length > 0 && char.IsHighSurrogate(through[length - 1]) ? through[..(length - 1)] : through[..length];
    }

    /// <summary>
    /// A name from which on no blob of a case in (after, through] can follow in the listing; null when the range is open
    /// above. Normally <c>through + "0"</c>; but a case of the range that is a prefix of <paramref name="through"/>
    /// followed by a character below '0' (case "a" before "a-b") lists after it, and extends the bound to its own end.
    /// </summary>
    public static string? RangeEnd(string? after, string? through)
    {
        if (through is null)
        {
            return null;
        }

        // Prefixes no longer than the common one are not after `after`, so they are not cases of the range.
        var shortest = Math.Max(1, after is null ? 1 : CommonPrefixLength(after, through) + 1);
        for (var length = shortest; length < through.Length; length++)
        {
            if (through[length] < '0')
            {
                return End(through[..length]);
            }
        }

        return End(through);
    }

    /// <summary>
    /// The first case id, in table order, whose folder can list after <paramref name="listed"/> (a folder "c/" or a name
    /// at the root): the name's case itself, or its shortest prefix followed by a character below '0' — the folder of
    /// case "a" lists after "a-b/", though "a" comes first in the table. A table walk resumed at a listing cursor starts here.
    /// </summary>
    public static string FirstCaseListedAfter(string listed)
    {
        ArgumentNullException.ThrowIfNull(listed);
        var caseId = CaseOf(listed) ?? listed;
        for (var length = 1; length < caseId.Length; length++)
        {
            if (caseId[length] < '0')
            {
                return caseId[..length];
            }
        }

        return caseId;
    }

    private static int CommonPrefixLength(string left, string right)
    {
        var length = 0;
        while (length < left.Length && length < right.Length && left[length] == right[length])
        {
            length++;
        }

        return length;
    }
}
