using Microsoft.Extensions.Options;
using Pipeline.Intake;
using Pipeline.Validation;

namespace Pipeline.Portal;

/// <summary>
/// <c>POST /api/cases/{caseId}/uploads</c>: validates what the portal is about to upload as the ingest will, records
/// the intent (audited), and returns a create-only SAS for exactly <c>intake/{caseId}/{uploadId}/{fileName}</c>.
/// <c>GET …/uploads/{uploadId}</c>: the intent and what became of it.
/// </summary>
public sealed class UploadsHandler(
    PortalAccess access, UploadValidator validator, UploadIntents intents, UploadSasIssuer sas, TimeProvider time, IOptions<PortalOptions> options)
{
    private readonly PortalOptions _options = options.Value;

    public async Task<PortalResult> CreateAsync(PortalRequest request, string caseId, Stream body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!access.TryAuthorise(request, caseId, out var caller, out var problem))
        {
            return problem;
        }

        var (declared, invalid) = await PortalJsonBody.ReadAsync<UploadIntentRequest>(request, body, "an upload request", cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        var uploadId = "u" + Guid.NewGuid().ToString("N");
        var reasons = Validate(declared, caseId, uploadId, caller.Name);
        if (declared is null || reasons.Count > 0)
        {
            return PortalProblems.InvalidRequest(request, "the upload would be rejected by the ingest; nothing was recorded", reasons);
        }

        var now = time.GetUtcNow();
        var intent = new UploadIntent
        {
            PartitionKey = caseId,
            RowKey = UploadIntent.RowKeyFor(uploadId),
            UploadId = uploadId,
            FileName = declared.FileName!,
            ContentType = UploadValidator.NormaliseContentType(declared.ContentType)!,
            Length = declared.Length!.Value,
            Sha256 = declared.Sha256!.ToLowerInvariant(),
            DocumentType = string.IsNullOrEmpty(declared.DocumentType) ? null : declared.DocumentType,
            RequestedBy = caller.Name,
            CreatedAt = now,
            ExpiresAt = now + _options.UploadSasLifetime,
        };
        await intents.RecordAsync(intent, cancellationToken);
        var url = await sas.CreateOnlyAsync(intent.IntakeBlob, intent.ExpiresAt, cancellationToken);
        return PortalResult.Json(201, PortalViews.Upload(intent, UploadIntentStatus.Pending, url))
            .WithHeader("Location", PortalViews.UploadLink(caseId, uploadId));
    }

    public async Task<PortalResult> GetAsync(PortalRequest request, string caseId, string uploadId, CancellationToken cancellationToken = default)
    {
        if (!access.TryAuthorise(request, caseId, out _, out var problem))
        {
            return problem;
        }

        var intent = IsId(uploadId) ? await intents.GetAsync(caseId, uploadId, cancellationToken) : null;
        if (intent is null)
        {
            return PortalProblems.UploadNotFound(request, caseId, UntrustedText.Bound(uploadId, 80));
        }

        var status = await intents.StatusAsync(intent, cancellationToken: cancellationToken);
        return PortalResult.Json(200, PortalViews.Upload(intent, status, uploadUrl: null));
    }

    /// <summary>Every reason the ingest would give, from the same validator, plus what the envelope cannot express.</summary>
    private List<RejectionReason> Validate(UploadIntentRequest? declared, string caseId, string uploadId, string uploader)
    {
        if (declared is null)
        {
            return [new RejectionReason(ReasonCodes.MissingMetadata, "the body is empty")];
        }

        var reasons = new List<RejectionReason>();
        if (string.IsNullOrEmpty(declared.FileName))
        {
            reasons.Add(new RejectionReason(ReasonCodes.InvalidFileName, "fileName is required"));
        }

        if (declared.Length is null)
        {
            reasons.Add(new RejectionReason(ReasonCodes.EmptyFile, "length is required"));
        }

        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [UploadValidator.UploadedByMetadataKey] = uploader };
        if (declared.Sha256 is not null)
        {
            metadata[UploadValidator.Sha256MetadataKey] = declared.Sha256;
        }

        if (declared.DocumentType is not null)
        {
            metadata[UploadValidator.DocumentTypeMetadataKey] = declared.DocumentType;
        }

        reasons.AddRange(validator.ValidateEnvelope(new UploadEnvelope(
            $"{caseId}/{uploadId}/{declared.FileName ?? "-"}", declared.ContentType, declared.Length ?? 1, metadata)));
        return reasons;
    }

    private static bool IsId(string uploadId) => IntakePathParser.TryParse($"c/{uploadId}/f", out _, out _);
}
