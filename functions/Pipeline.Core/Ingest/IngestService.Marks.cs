using Pipeline.Index;
using Pipeline.Intake;
using Pipeline.Integrity;

namespace Pipeline.Ingest;

// The last steps: queue the first integrity check, then tag the intake blob as handled.
public sealed partial class IngestService
{
    private async Task QueueFirstCheckAsync(DocumentRecord record, bool justCommitted, CancellationToken cancellationToken)
    {
        // A row this ingest has just committed (with its audit record, in one transaction) is pinned by its version and
        // facts, so the first check reads neither again; a row read from the table is checked against its chain.
        var request = IntegrityCheckRequest.ForIngest(record.CaseId, record.DocumentId, record.Sha256, record.IngestedAt);
        await checks.EnqueueAsync(
            justCommitted && record.ETag != default
                ? request with
                {
                    RowVersion = record.ETag.ToString(),
                    Facts = DocumentFacts.Of(record).ToJson(),
                    EvidenceBlob = record.EvidenceBlob,
                    Length = record.Length,
                }
                : request,
            cancellationToken);
    }

    /// <summary>The last step: an intake blob is tagged only once everything it led to is durable.</summary>
    private static async Task MarkAsync(IntakeVersion upload, string state, string? documentId, CancellationToken cancellationToken)
    {
        var marks = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [IntakeMarks.StateTag] = state,
            [IntakeMarks.ETagTag] = IntakeMarks.TagValue(upload.Properties.ETag),
        };
        if (documentId is not null)
        {
            marks[IntakeMarks.DocumentTag] = documentId;
        }

        await upload.Blob.SetTagsAsync(MergeTags(upload.Tags, marks), cancellationToken: cancellationToken);
    }

    /// <summary>
    /// The pipeline's marks plus the portal's own tags, as many as fit in a blob's ten: a portal that used all ten
    /// must not make every mark fail (and the upload be re-ingested forever) after its evidence is already stored.
    /// </summary>
    internal static Dictionary<string, string> MergeTags(IReadOnlyDictionary<string, string> portalTags, IReadOnlyDictionary<string, string> marks)
    {
        var tags = new Dictionary<string, string>(marks, StringComparer.Ordinal);
        foreach (var (key, value) in portalTags.Where(t => !marks.ContainsKey(t.Key) && t.Key != IntakeMarks.FailedTag).OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (tags.Count >= MaxBlobTags)
            {
                break;
            }

            tags[key] = value;
        }

        return tags;
    }
}
