using System.Text.Json.Serialization;
using Pipeline.Validation;

namespace Pipeline.Portal;

/// <summary>
/// RFC 7807 problem details. Each <c>type</c> is a stable URI (<see cref="TypePrefix"/> + code) a client may switch
/// on; <c>title</c> is fixed per type, <c>detail</c> says what happened this time, <c>errors</c> lists every
/// validation reason with the ingest's own reason codes.
/// </summary>
public static class PortalProblems
{
    public const string TypePrefix = "urn:evidence-pipeline:problem:";
    public const string ContentType = "application/problem+json";

    public static PortalResult Unauthenticated(PortalRequest request, string detail) =>
        Create(request, 401, "unauthenticated", "The caller is not authenticated", detail);

    public static PortalResult CaseNotGranted(PortalRequest request, string caseId) =>
        Create(request, 403, "case-not-granted", "The caller is not granted this case", $"case {caseId} is not among the cases granted to this caller");

    public static PortalResult OperationsNotGranted(PortalRequest request) =>
        Create(request, 403, "operations-not-granted", "The caller may not read the operations page", "the operations page shows every case; it needs a grant of all cases ('*')");

    public static PortalResult InvalidRequest(PortalRequest request, string detail, IReadOnlyList<RejectionReason>? errors = null) =>
        Create(request, 400, "invalid-request", "The request is not valid", detail, errors);

    public static PortalResult DocumentNotFound(PortalRequest request, string caseId, string documentId) =>
        Create(request, 404, "document-not-found", "No such document", $"case {caseId} has no document {documentId}");

    public static PortalResult UploadNotFound(PortalRequest request, string caseId, string uploadId) =>
        Create(request, 404, "upload-not-found", "No such upload", $"case {caseId} has no upload intent {uploadId}");

    public static PortalResult DocumentRejected(PortalRequest request, string caseId, string documentId) =>
        Create(request, 409, "document-rejected", "The document was rejected and has no evidence content", $"document {documentId} of case {caseId} was rejected at ingest; its bytes are kept in quarantine, not served");

    public static PortalResult CaseNotFound(PortalRequest request, string caseId) =>
        Create(request, 404, "case-not-found", "No such case", $"case {caseId} has no audit chain: nothing was ever declared, accepted or recorded in it");

    public static PortalResult ChainBroken(PortalRequest request, string detail) =>
        Create(request, 409, "chain-broken", "The case's audit chain does not verify", detail);

    public static PortalResult ContentUnavailable(PortalRequest request, string detail) =>
        Create(request, 409, "content-unavailable", "The pinned bytes cannot be served", detail);

    public static PortalResult LegalHold(PortalRequest request, string detail) =>
        Create(request, 409, "legal-hold", "The case is under legal hold", detail);

    public static PortalResult BodyTooLarge(PortalRequest request, int limit) =>
        Create(request, 413, "body-too-large", "The request body is too large", $"at most {limit} bytes of JSON are accepted");

    public static PortalResult Create(PortalRequest request, int status, string code, string title, string detail, IReadOnlyList<RejectionReason>? errors = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        return PortalResult.Json(
            status,
            new Problem(TypePrefix + code, title, status, detail, request.Path, errors?.Select(e => new ProblemError(e.Code, e.Detail)).ToList()),
            ContentType);
    }

    private sealed record Problem(
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("title")] string Title,
        [property: JsonPropertyName("status")] int Status,
        [property: JsonPropertyName("detail")] string Detail,
        [property: JsonPropertyName("instance")] string Instance,
        [property: JsonPropertyName("errors"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ProblemError>? Errors);

    private sealed record ProblemError(
        [property: JsonPropertyName("code")] string Code,
        [property: JsonPropertyName("detail")] string Detail);
}
