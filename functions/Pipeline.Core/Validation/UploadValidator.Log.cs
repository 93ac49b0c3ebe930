using Microsoft.Extensions.Logging;
using Pipeline.Hosting;

namespace Pipeline.Validation;

public sealed partial class UploadValidator
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Upload {BlobName} failed the envelope check with {ReasonCount} reason(s): {ReasonCodes}")]
    private partial void LogEnvelopeRejected([PersonalData] string blobName, int reasonCount, string reasonCodes);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Content accepted as {MediaType} ({Length} bytes)")]
    private partial void LogContentAccepted(string mediaType, long length);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Content declared {MediaType} rejected: {ReasonCode} ({Detail})")]
    private partial void LogContentRejected(string mediaType, string reasonCode, string detail);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Parser for {MediaType} failed unexpectedly; content reported as malformed")]
    private partial void LogParserFailure(Exception exception, string mediaType);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error, Message = "Reading the content stream failed while checking {MediaType}")]
    private partial void LogStreamFault(Exception exception, string mediaType);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Error, Message = "The PDF check could not run; the upload is left for a retry")]
    private partial void LogPdfProbeFailure(Exception exception);
}
