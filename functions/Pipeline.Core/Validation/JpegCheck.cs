namespace Pipeline.Validation;

/// <summary>JPEG: SOI at the start (already sniffed) and the EOI marker FF D9 at the end.</summary>
internal static class JpegCheck
{
    // Some cameras pad files with zero bytes after EOI; that padding is tolerated, nothing else is.
    private const int TailLength = 4096;

    public static async Task<RejectionReason?> CheckAsync(Stream stream, CancellationToken cancellationToken)
    {
        var tail = await StreamReads.ReadTailAsync(stream, TailLength, cancellationToken);
        var end = tail.Length;
        while (end > 0 && tail[end - 1] == 0x00)
        {
            end--;
        }

        if (end < 2 || tail[end - 2] != 0xFF || tail[end - 1] != 0xD9)
        {
            return new RejectionReason(ReasonCodes.Malformed, "JPEG: no end-of-image marker (FF D9) at the end; the file is truncated");
        }

        return stream.Length < 4
            ? new RejectionReason(ReasonCodes.Malformed, "JPEG: file is too short to hold an image")
            : null;
    }
}
