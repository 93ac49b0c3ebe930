using System.Text.Json;
using Pipeline.Audit;
using Pipeline.Index;
using Pipeline.Intake;
using Pipeline.Validation;

namespace Pipeline.Portal;

/// <summary>The JSON shapes the API returns, and its links (relative to the host, under <c>/api</c>).</summary>
public static class PortalViews
{
    public static string CaseLink(string caseId) => $"/api/cases/{Uri.EscapeDataString(caseId)}";

    public static string DocumentLink(string caseId, string documentId) => $"{CaseLink(caseId)}/documents/{Uri.EscapeDataString(documentId)}";

    public static string UploadLink(string caseId, string uploadId) => $"{CaseLink(caseId)}/uploads/{Uri.EscapeDataString(uploadId)}";

    /// <summary>An intent; with <paramref name="uploadUrl"/> (only when created) the SAS URL and the headers the PUT must carry.</summary>
    public static object Upload(UploadIntent intent, string status, Uri? uploadUrl)
    {
        ArgumentNullException.ThrowIfNull(intent);
        Dictionary<string, string>? headers = null;
        if (uploadUrl is not null)
        {
            headers = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["x-ms-blob-type"] = "BlockBlob",
                ["Content-Type"] = intent.ContentType,
                ["x-ms-meta-" + UploadValidator.Sha256MetadataKey] = intent.Sha256,
                ["x-ms-meta-" + UploadValidator.UploadedByMetadataKey] = intent.RequestedBy,
            };
            if (intent.DocumentType is not null)
            {
                headers["x-ms-meta-" + UploadValidator.DocumentTypeMetadataKey] = intent.DocumentType;
            }
        }

        return new
        {
            caseId = intent.CaseId,
            uploadId = intent.UploadId,
            state = status,
            fileName = intent.FileName,
            contentType = intent.ContentType,
            length = intent.Length,
            sha256 = intent.Sha256,
            documentType = intent.DocumentType,
            requestedBy = intent.RequestedBy,
            createdAt = intent.CreatedAt,
            expiresAt = intent.ExpiresAt,
            blobName = intent.IntakeBlob,
            uploadUrl = uploadUrl?.AbsoluteUri,
            uploadMethod = uploadUrl is null ? null : "PUT",
            uploadHeaders = headers,
            links = new
            {
                self = UploadLink(intent.CaseId, intent.UploadId),
                document = status == UploadIntentStatus.Received ? DocumentLink(intent.CaseId, intent.UploadId) : null,
            },
        };
    }

    public static object Document(DocumentRecord d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var self = DocumentLink(d.CaseId, d.DocumentId);
        return new
        {
            caseId = d.CaseId,
            documentId = d.DocumentId,
            state = d.State,
            fileName = d.FileName,
            sha256 = d.Sha256.Length == 0 ? null : d.Sha256,
            length = d.Length,
            contentType = d.ContentType,
            documentType = d.DocumentType,
            uploadedBy = d.UploadedBy,
            uploadedAt = d.UploadedAt,
            ingestedAt = d.IngestedAt,
            lastVerifiedAt = d.LastVerifiedAt,
            lastCheckedAt = d.LastCheckedAt,
            lastCheckDetail = d.LastCheckDetail,
            reasons = d.Reasons is null ? (JsonElement?)null : ParseReasons(d.Reasons),
            links = new { self, content = d.State == DocumentStates.Rejected ? null : self + "/content" },
        };
    }

    public static object History(AuditRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new { sequence = r.Sequence, kind = r.Kind, recordedAt = r.RecordedAt, sha256 = r.Sha256, detail = r.Detail, hash = r.Hash };
    }

    public static object OtherUpload(UploadMarker m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new { outcome = m.Outcome, sha256 = m.Sha256, recordedAt = m.RecordedAt, reasons = m.Reasons is null ? (JsonElement?)null : ParseReasons(m.Reasons) };
    }

    // The pipeline writes these as JSON; a row edited into something else is shown as text, never a failed request.
    private static JsonElement ParseReasons(string reasons)
    {
        try
        {
            using var document = JsonDocument.Parse(reasons);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(reasons);
        }
    }
}
