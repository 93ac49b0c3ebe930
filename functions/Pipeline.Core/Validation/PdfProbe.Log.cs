using Microsoft.Extensions.Logging;

namespace Pipeline.Validation;

internal sealed partial class PdfProbe
{
    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "The PDF parser process crashed with exit code {ExitCode}; content reported as malformed. Its error output began: {ErrorOutput}")]
    private partial void LogProbeCrashed(int exitCode, string errorOutput);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "The PDF parser process did not finish within {Timeout} and was killed; content reported as malformed")]
    private partial void LogProbeTimedOut(TimeSpan timeout);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Warning, Message = "The PDF parser failed unexpectedly ({Failure}); content reported as malformed")]
    private partial void LogParserFailed(string failure);
}
