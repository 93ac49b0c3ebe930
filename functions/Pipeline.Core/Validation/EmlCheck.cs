using MimeKit;

namespace Pipeline.Validation;

/// <summary>
/// message/rfc822: MimeKit parses the whole MIME structure with persistent=true, so bodies stay as offsets into
/// the seekable stream instead of being loaded into memory; a message needs a From or a Date header.
/// </summary>
internal static class EmlCheck
{
    public static async Task<RejectionReason?> CheckAsync(Stream stream, CancellationToken cancellationToken)
    {
        static RejectionReason Bad(string detail) => new(ReasonCodes.Malformed, "EML: " + detail);

        stream.Position = 0;
        try
        {
            var parser = new MimeParser(ParserOptions.Default, stream, persistent: true);
            using var message = await parser.ParseMessageAsync(cancellationToken);
            return message.Headers.Contains(HeaderId.From) || message.Headers.Contains(HeaderId.Date)
                ? null
                : Bad("message has neither a From nor a Date header");
        }
        catch (FormatException ex)
        {
            return Bad("message does not parse: " + ex.Message);
        }
    }
}
