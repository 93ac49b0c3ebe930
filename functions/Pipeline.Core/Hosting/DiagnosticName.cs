using Pipeline.Validation;

namespace Pipeline.Hosting;

/// <summary>
/// A blob name as exception messages may carry it: the case id (an opaque reference) and a short hash of the whole
/// name, never the file name. Exception messages reach telemetry unredacted (the Functions host logs them), and file
/// names name people. An operator finds the blob by hashing candidate names, or from the case's rows.
/// </summary>
public static class DiagnosticName
{
    public static string Of(string blobName)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        var hash = TextHash.Hex(blobName, 12);
        return IntakePathParser.TryGetCaseId(blobName, out var caseId) ? $"{caseId}/…#{hash}" : $"…#{hash}";
    }
}
