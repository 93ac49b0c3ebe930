namespace Pipeline.Validation;

/// <summary>
/// MP3: an optional ID3v2 tag, then an MPEG audio frame header; when the file is long enough the next frame
/// header must follow where the first frame says it ends (two chained frames make a false positive unlikely).
/// </summary>
internal static class Mp3Check
{
    // Encoders sometimes leave padding between the tag and the first frame.
    private const int MaxSyncSearch = 4096;

    private static readonly int[] Mpeg1Layer3Bitrates = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
    private static readonly int[] Mpeg1Layer2Bitrates = [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384];
    private static readonly int[] Mpeg1Layer1Bitrates = [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448];
    private static readonly int[] Mpeg2Layer1Bitrates = [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256];
    private static readonly int[] Mpeg2Layer23Bitrates = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
    private static readonly int[] Mpeg1SampleRates = [44100, 48000, 32000];

    /// <summary>"ID3", a major version 2-4, and a syncsafe size.</summary>
    public static bool IsId3Header(ReadOnlySpan<byte> head) =>
        head.Length >= 10 && head.StartsWith("ID3"u8) && head[3] is >= 2 and <= 4 && head[4] != 0xFF
        && head[6] < 0x80 && head[7] < 0x80 && head[8] < 0x80 && head[9] < 0x80;

    /// <summary>Parses an MPEG audio frame header; the frame length is 0 for free-format streams.</summary>
    public static bool TryParseFrameHeader(ReadOnlySpan<byte> bytes, out int frameLength)
    {
        frameLength = 0;
        if (bytes.Length < 4 || bytes[0] != 0xFF || (bytes[1] & 0xE0) != 0xE0)
        {
            return false;
        }

        var version = (bytes[1] >> 3) & 0x3; // 0 = 2.5, 1 = reserved, 2 = 2, 3 = 1
        var layer = (bytes[1] >> 1) & 0x3; // 1 = III, 2 = II, 3 = I, 0 = reserved
        var bitrateIndex = bytes[2] >> 4;
        var sampleRateIndex = (bytes[2] >> 2) & 0x3;
        var padding = (bytes[2] >> 1) & 0x1;
        if (version == 1 || layer == 0 || bitrateIndex == 0xF || sampleRateIndex == 3)
        {
            return false;
        }

        var sampleRate = Mpeg1SampleRates[sampleRateIndex] >> (version switch { 3 => 0, 2 => 1, _ => 2 });
        var table = (version, layer) switch
        {
            (3, 1) => Mpeg1Layer3Bitrates,
            (3, 2) => Mpeg1Layer2Bitrates,
            (3, 3) => Mpeg1Layer1Bitrates,
            (_, 3) => Mpeg2Layer1Bitrates,
            _ => Mpeg2Layer23Bitrates,
        };
        var bitrate = table[bitrateIndex] * 1000;
        if (bitrate == 0)
        {
            return true; // free format: valid, length unknown
        }

        frameLength = layer switch
        {
            3 => ((12 * bitrate / sampleRate) + padding) * 4,
            1 when version != 3 => (72 * bitrate / sampleRate) + padding,
            _ => (144 * bitrate / sampleRate) + padding,
        };
        return true;
    }

    public static async Task<RejectionReason?> CheckAsync(Stream stream, CancellationToken cancellationToken)
    {
        static RejectionReason Bad(string detail) => new(ReasonCodes.Malformed, "MP3: " + detail);

        var head = new byte[10];
        await StreamReads.ReadAtAsync(stream, 0, head, cancellationToken);
        long start = 0;
        if (IsId3Header(head))
        {
            var tagSize = (head[6] << 21) | (head[7] << 14) | (head[8] << 7) | head[9];
            var footer = (head[5] & 0x10) != 0 ? 10 : 0;
            start = 10 + tagSize + footer;
            if (start >= stream.Length)
            {
                return Bad("file ends inside the ID3 tag; no audio frames");
            }
        }

        var window = new byte[MaxSyncSearch + 4];
        var read = await StreamReads.ReadAtAsync(stream, start, window, cancellationToken);
        for (var i = 0; i + 4 <= read; i++)
        {
            if (!TryParseFrameHeader(window.AsSpan(i, read - i), out var frameLength))
            {
                continue;
            }

            var frameStart = start + i;
            if (frameLength == 0 || frameStart + frameLength + 4 > stream.Length)
            {
                return null; // free format, or a single-frame file: nothing further to chain to
            }

            var next = new byte[4];
            await StreamReads.ReadAtAsync(stream, frameStart + frameLength, next, cancellationToken);
            if (TryParseFrameHeader(next, out _))
            {
                return null;
            }
        }

        return Bad($"no chained MPEG audio frames found within {MaxSyncSearch} bytes of byte {start}");
    }
}
