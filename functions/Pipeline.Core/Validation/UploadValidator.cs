using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Pipeline.Validation;

/// <summary>
/// Decides whether an upload is acceptable evidence. Never throws for bad input: every problem becomes a
/// <see cref="RejectionReason"/>. Only cancellation, I/O failures of the content stream itself, and a PDF probe
/// that cannot run (<see cref="PdfProbeException"/>) propagate. Thread-safe; registered as a singleton.
/// </summary>
public sealed partial class UploadValidator
{
    /// <summary>Metadata key holding the portal's SHA-256 of the upload (64 hex characters).</summary>
    public const string Sha256MetadataKey = "sha256";

    /// <summary>Metadata key naming who uploaded the file.</summary>
    public const string UploadedByMetadataKey = "uploadedby";

    /// <summary>Optional metadata key classifying the document.</summary>
    public const string DocumentTypeMetadataKey = "documenttype";

    private const int MaxUploadedByLength = 256;
    private const int MaxDocumentTypeLength = 64;

    private readonly ValidationOptions _options;
    private readonly ILogger<UploadValidator> _logger;
    private readonly PdfProbe _pdfProbe;

    /// <summary>Creates the validator.</summary>
    public UploadValidator(IOptions<ValidationOptions> options, ILogger<UploadValidator> logger)
        : this(options, logger, pdfProbePath: null)
    {
    }

    /// <summary>Creates the validator with the PDF probe at <paramref name="pdfProbePath"/> (tests).</summary>
    internal UploadValidator(IOptions<ValidationOptions> options, ILogger<UploadValidator> logger, string? pdfProbePath)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _logger = logger;
        _pdfProbe = new PdfProbe(_options, logger, pdfProbePath);
    }

    /// <summary>
    /// Everything knowable without reading bytes: name shape, required metadata, size limits, declared type.
    /// Returns every problem found, not only the first.
    /// </summary>
    public IReadOnlyList<RejectionReason> ValidateEnvelope(UploadEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var reasons = new List<RejectionReason>();
        if (!IntakePathParser.TryParse(envelope.BlobName, out _, out var pathReason))
        {
            reasons.Add(pathReason);
        }

        ValidateMetadata(envelope.Metadata, reasons);
        var sizeReason = CheckSize(envelope.Length);
        if (sizeReason is not null)
        {
            reasons.Add(sizeReason);
        }

        if (NormaliseContentType(envelope.ContentType) is null)
        {
            reasons.Add(UnsupportedType(envelope.ContentType));
        }

        if (reasons.Count > 0 && _logger.IsEnabled(LogLevel.Information))
        {
            var codes = string.Join(',', reasons.Select(r => r.Code));
            LogEnvelopeRejected(envelope.BlobName, reasons.Count, codes);
        }

        return reasons;
    }

    /// <summary>
    /// Content checks on a seekable stream positioned at 0. Returns no reasons when the bytes are a sound file of
    /// the declared type, otherwise exactly one (checks stop at the first failure).
    /// </summary>
    /// <param name="content">
    /// The spooled upload; must be readable and seekable. Not disposed. When it is a <see cref="FileStream"/> on a
    /// file other processes may read (opened with <see cref="FileShare.Read"/>), the PDF check's child process
    /// reads that file in place; otherwise a PDF is first copied to a temp file.
    /// </param>
    /// <param name="declaredContentType">The declared Content-Type, possibly with parameters.</param>
    /// <param name="cancellationToken">Cancels the checks.</param>
    public async Task<IReadOnlyList<RejectionReason>> ValidateContentAsync(Stream content, string declaredContentType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanRead || !content.CanSeek)
        {
            throw new ArgumentException("Content must be a readable, seekable stream.", nameof(content));
        }

        var mediaType = NormaliseContentType(declaredContentType);
        var guarded = new FaultRecordingStream(content);
        RejectionReason? reason;
        try
        {
            reason = mediaType is null
                ? UnsupportedType(declaredContentType)
                : CheckSize(guarded.Length) ?? await CheckContentAsync(guarded, content as FileStream, mediaType, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (guarded.Fault is not null)
        {
            // The spooled file itself failed: not a verdict on the upload, so the caller must retry.
            LogStreamFault(ex, mediaType ?? declaredContentType);
            ExceptionDispatchInfo.Throw(guarded.Fault);
            throw;
        }
        catch (PdfProbeException ex)
        {
            // The PDF check could not run at all (deployment or machine fault): not a verdict, so the caller retries.
            LogPdfProbeFailure(ex);
            throw;
        }
        catch (Exception ex)
        {
            // A parser library failed in a way it does not document: still a verdict on the bytes.
            LogParserFailure(ex, mediaType ?? declaredContentType);
            reason = new RejectionReason(ReasonCodes.Malformed, $"{mediaType}: parser failed ({ex.GetType().Name}: {ex.Message})");
        }

        if (reason is null)
        {
            LogContentAccepted(mediaType!, guarded.Length);
            return [];
        }

        LogContentRejected(mediaType ?? declaredContentType, reason.Code, reason.Detail);
        return [reason];
    }

    /// <summary>
    /// The normalised media type for the document row (e.g. "application/pdf"): lower case, parameters dropped,
    /// aliases mapped (see <see cref="MediaTypes.Aliases"/>); null when missing or unsupported.
    /// </summary>
    public static string? NormaliseContentType(string? declared)
    {
        if (string.IsNullOrWhiteSpace(declared))
        {
            return null;
        }

        var semicolon = declared.IndexOf(';', StringComparison.Ordinal);
        var bare = (semicolon < 0 ? declared : declared[..semicolon]).Trim();
        return MediaTypes.Aliases.TryGetValue(bare, out var normalised) ? normalised : null;
    }

    private async Task<RejectionReason?> CheckContentAsync(Stream stream, FileStream? backingFile, string mediaType, CancellationToken cancellationToken)
    {
        var (detected, head) = await ContentSniffer.SniffAsync(stream, cancellationToken);
        switch (mediaType)
        {
            case MediaTypes.Docx or MediaTypes.Xlsx or MediaTypes.Pptx:
                return detected switch
                {
                    ContentSniffer.Zip => await OoxmlCheck.CheckAsync(stream, mediaType, _options, cancellationToken),
                    ContentSniffer.CompoundFile => await CompoundFileCheck.CheckAsync(stream, mediaType, cancellationToken),
                    _ => ContentSniffer.Mismatch(mediaType, detected, head),
                };
            case MediaTypes.PlainText or MediaTypes.Csv:
                // UTF-16 BOMs first: FF FE also happens to be a valid MPEG frame sync.
                return IsBinaryFormat(detected) && !TextCheck.HasUtf16ByteOrderMark(head)
                    ? ContentSniffer.Mismatch(mediaType, detected, head)
                    : await TextCheck.CheckAsync(stream, mediaType == MediaTypes.Csv, cancellationToken);
            case MediaTypes.Eml:
                return IsBinaryFormat(detected)
                    ? ContentSniffer.Mismatch(mediaType, detected, head)
                    : await EmlCheck.CheckAsync(stream, cancellationToken);
        }

        if (!string.Equals(detected, mediaType, StringComparison.Ordinal))
        {
            return ContentSniffer.Mismatch(mediaType, detected, head);
        }

        return mediaType switch
        {
            MediaTypes.Pdf => await PdfCheck.CheckAsync(stream, backingFile, _pdfProbe, cancellationToken),
            MediaTypes.Png => await PngCheck.CheckAsync(stream, cancellationToken),
            MediaTypes.Jpeg => await JpegCheck.CheckAsync(stream, cancellationToken),
            MediaTypes.Gif => await GifCheck.CheckAsync(stream, cancellationToken),
            MediaTypes.Tiff => await TiffCheck.CheckAsync(stream, cancellationToken),
            MediaTypes.Mp3 => await Mp3Check.CheckAsync(stream, cancellationToken),
            MediaTypes.Mp4 => await Mp4Check.CheckAsync(stream, cancellationToken),
            MediaTypes.Wav => await WavCheck.CheckAsync(stream, cancellationToken),
            _ => UnsupportedType(mediaType),
        };
    }

    // A recognised binary signature; unrecognised bytes are left to the text/EML checks to describe.
    private static bool IsBinaryFormat(string? detected) =>
        detected is not null && detected != MediaTypes.PlainText;

    private RejectionReason? CheckSize(long length)
    {
        if (length <= 0)
        {
            return new RejectionReason(ReasonCodes.EmptyFile, length == 0 ? "upload has zero bytes" : $"upload length {length} is not a size");
        }

        return length > _options.MaxUploadBytes
            ? new RejectionReason(ReasonCodes.TooLarge, $"upload is {length} bytes; at most {_options.MaxUploadBytes} allowed")
            : null;
    }

    private static RejectionReason UnsupportedType(string? declared) => new(
        ReasonCodes.UnsupportedType,
        string.IsNullOrWhiteSpace(declared) ? "no content type was declared" : $"content type '{declared}' is not supported");
}
