namespace Pipeline.Validation;

/// <summary>GIF: GIF87a/GIF89a header (already sniffed), a logical screen descriptor, and the 0x3B trailer at the end.</summary>
internal static class GifCheck
{
    public static async Task<RejectionReason?> CheckAsync(Stream stream, CancellationToken cancellationToken)
    {
        // Header (6) + logical screen descriptor (7) + trailer (1).
        if (stream.Length < 14)
        {
            return new RejectionReason(ReasonCodes.Malformed, "GIF: file is too short for a header and screen descriptor");
        }

        var last = new byte[1];
        await StreamReads.ReadAtAsync(stream, stream.Length - 1, last, cancellationToken);
        return last[0] == 0x3B
            ? null
            : new RejectionReason(ReasonCodes.Malformed, "GIF: no trailer byte (0x3B) at the end; the file is truncated");
    }
}
