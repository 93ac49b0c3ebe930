using Pipeline.Tests.TestFiles;
using Pipeline.Validation;

namespace Pipeline.Tests.Validation;

public class ZipBombGuardTests
{
    [Fact]
    public async Task ValidateContentAsync_ZipClaimingHugeSize_RejectedBeforeAnyEntryDataIsRead()
    {
        var zip = SampleFiles.ZipClaimingHugeSize();
        var (dataStart, dataLength) = ZipBytes.FirstEntryData(zip);
        using var stream = new RecordingStream(zip);

        var reason = Assert.Single(await Validators.Create().ValidateContentAsync(stream, MediaTypes.Docx));

        Assert.Equal(ReasonCodes.ZipBomb, reason.Code);
        Assert.False(stream.TouchedRange(dataStart, dataLength), "compressed data was read, so something decompressed before the guard decided");
    }

    [Fact]
    public async Task ValidateContentAsync_RealBomb_RejectedBeforeAnyEntryDataIsRead()
    {
        var zip = SampleFiles.ZipBombDocx();
        var (dataStart, dataLength) = ZipBytes.FirstEntryData(zip);
        using var stream = new RecordingStream(zip);

        var reason = Assert.Single(await Validators.Create().ValidateContentAsync(stream, MediaTypes.Docx));

        Assert.Equal(ReasonCodes.ZipBomb, reason.Code);
        Assert.Contains("ratio", reason.Detail, StringComparison.Ordinal);
        Assert.False(stream.TouchedRange(dataStart, dataLength));
    }

    [Fact]
    public async Task ValidateContentAsync_LyingSizes_CaughtByCountingInflation()
    {
        var reason = Assert.Single(await Validators.ValidateBytesAsync(SampleFiles.ZipWithLyingSizes(), MediaTypes.Docx));

        Assert.Equal(ReasonCodes.ZipBomb, reason.Code);
        Assert.Contains("lies about its sizes", reason.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateContentAsync_TooManyEntries_RejectedFromDirectoryCountAlone()
    {
        var zip = SampleFiles.ZipWithTooManyEntries();
        using var stream = new RecordingStream(zip);

        var reason = Assert.Single(await Validators.Create().ValidateContentAsync(stream, MediaTypes.Xlsx));

        Assert.Equal(ReasonCodes.ZipBomb, reason.Code);
        Assert.Contains("10001 entries", reason.Detail, StringComparison.Ordinal);
        // Only the head (sniffing) and the tail (end-of-central-directory) were read: no directory walk.
        Assert.True(stream.Reads.Sum(r => (long)r.Count) < 70_000, $"read {stream.Reads.Sum(r => (long)r.Count)} bytes");
    }

    [Theory]
    [InlineData(5, 0L, 100, 0)]
    [InlineData(10_000, 50_000L, 100, 0)]
    [InlineData(10_000, 0L, 2, 0)]
    public async Task ValidateContentAsync_LimitsFromOptions_AreApplied(int maxEntries, long maxUncompressed, int maxRatio, long grace)
    {
        var options = new ValidationOptions
        {
            MaxZipEntries = maxEntries,
            MaxZipUncompressedBytes = maxUncompressed == 0 ? new ValidationOptions().MaxZipUncompressedBytes : maxUncompressed,
            MaxZipCompressionRatio = maxRatio,
            ZipRatioGraceBytes = grace,
        };

        // The SDK's DOCX has about ten parts, inflates to more than 50 kB? No: so pick each limit to trip it.
        var docx = SampleFiles.Docx();
        var reasons = await Validators.ValidateBytesAsync(docx, MediaTypes.Docx, options);
        var withDefaults = await Validators.ValidateBytesAsync(docx, MediaTypes.Docx);

        Assert.Empty(withDefaults);
        if (maxEntries == 5 || maxRatio == 2)
        {
            Assert.Equal(ReasonCodes.ZipBomb, Assert.Single(reasons).Code);
        }
        else
        {
            // 50 kB total is more than this small DOCX needs.
            Assert.Empty(reasons);
        }
    }

    [Fact]
    public async Task ValidateContentAsync_TotalInflatedAboveLimit_RejectedAsZipBomb()
    {
        var zip = ZipBytes.Create([("[Content_Types].xml", new byte[300_000]), ("b.xml", new byte[300_000])]);
        var options = new ValidationOptions { MaxZipUncompressedBytes = 500_000 };

        var reason = Assert.Single(await Validators.ValidateBytesAsync(zip, MediaTypes.Docx, options));

        Assert.Equal(ReasonCodes.ZipBomb, reason.Code);
    }
}
