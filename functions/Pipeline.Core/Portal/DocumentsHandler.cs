using System.Buffers;
using System.Text.Json;
using Pipeline.Audit;
using Pipeline.Index;
using Pipeline.Intake;
using Pipeline.Validation;

namespace Pipeline.Portal;

/// <summary>
/// <c>GET /api/cases/{caseId}/documents</c>: every document of the case (streamed, so memory does not grow with the
/// case) and its upload intents with what became of each. <c>GET …/documents/{documentId}</c>: one document with its
/// verification history (the audit chain's records of it) and any other uploads recorded under its id.
/// </summary>
public sealed class DocumentsHandler(PortalAccess access, DocumentIndex index, CaseLedger ledger, UploadIntents intents)
{
    public Task<PortalResult> ListAsync(PortalRequest request, string caseId, CancellationToken cancellationToken = default)
    {
        if (!access.TryAuthorise(request, caseId, out _, out var problem))
        {
            return Task.FromResult(problem);
        }

        return Task.FromResult(new PortalResult(200, "application/json", (stream, token) => WriteCaseAsync(stream, caseId, token)));
    }

    public async Task<PortalResult> GetAsync(PortalRequest request, string caseId, string documentId, CancellationToken cancellationToken = default)
    {
        if (!access.TryAuthorise(request, caseId, out _, out var problem))
        {
            return problem;
        }

        var record = IsDocumentId(documentId) ? await index.GetAsync(caseId, documentId, cancellationToken) : null;
        if (record is null)
        {
            return PortalProblems.DocumentNotFound(request, caseId, UntrustedText.Bound(documentId, 80));
        }

        var history = new List<object>();
        await foreach (var entry in ledger.ReadRecordsAsync(caseId, upToSequence: null, documentId, cancellationToken))
        {
            history.Add(PortalViews.History(entry.Row));
        }

        var others = new List<object>();
        await foreach (var marker in index.QueryUploadMarkersAsync(caseId, documentId, cancellationToken))
        {
            others.Add(PortalViews.OtherUpload(marker));
        }

        return PortalResult.Json(200, new { document = PortalViews.Document(record), verificationHistory = history, otherUploads = others });
    }

    /// <summary>A document id is an upload id: the ingest's rule, and never a '~' row of another kind.</summary>
    internal static bool IsDocumentId(string documentId) => IntakePathParser.TryParse($"c/{documentId}/f", out _, out _);

    private async Task WriteCaseAsync(Stream stream, string caseId, CancellationToken cancellationToken)
    {
        // Written to a buffer copied out asynchronously: the serializer flushes its writer synchronously, which a server stream refuses.
        var buffer = new ArrayBufferWriter<byte>();
        await using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("caseId", caseId);
        writer.WriteStartArray("documents");
        var received = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var record in index.QueryCaseAsync(caseId, cancellationToken))
        {
            received.Add(record.DocumentId);
            JsonSerializer.Serialize(writer, PortalViews.Document(record), PortalResult.JsonOptions);
            if (buffer.WrittenCount > 32 * 1024)
            {
                await stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
                buffer.ResetWrittenCount();
            }
        }

        writer.WriteEndArray();
        await foreach (var marker in index.QueryUploadMarkersAsync(caseId, null, cancellationToken))
        {
            received.Add(marker.DocumentId);
        }

        writer.WriteStartArray("uploads");
        await foreach (var intent in intents.QueryCaseAsync(caseId, cancellationToken))
        {
            var status = received.Contains(intent.UploadId) ? UploadIntentStatus.Received : await intents.StatusAsync(intent, cancellationToken: cancellationToken);
            JsonSerializer.Serialize(writer, PortalViews.Upload(intent, status, uploadUrl: null), PortalResult.JsonOptions);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
        await stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
    }
}
