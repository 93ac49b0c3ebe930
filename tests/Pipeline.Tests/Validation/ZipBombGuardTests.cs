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
        Assert.False(stream.StartedReadInside(dataStart, dataLength), "compressed data was read, so something decompressed before the guard decided");
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
        Assert.False(stream.StartedReadInside(dataStart, dataLength));
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
    [InlineData(2, true)] // the SDK's minimal DOCX has 3 entries
    [InlineData(3, false)]
    public async Task ValidateContentAsync_EntryLimitFromOptions_IsApplied(int maxEntries, bool expectZipBomb)
    {
        var options = new ValidationOptions { MaxZipEntries = maxEntries };

        var reasons = await Validators.ValidateBytesAsync(SampleFiles.Docx(), MediaTypes.Docx, options);

        Assert.Equal(expectZipBomb ? [ReasonCodes.ZipBomb] : [], reasons.Select(r => r.Code));
    }

    [Theory]
    [InlineData(100, 0, ReasonCodes.ZipBomb)] // 64 KiB of zeros compresses far beyond 100:1
    [InlineData(100, 1024 * 1024, ReasonCodes.Malformed)] // under the grace size: ratio ignored, then it is no OOXML
    [InlineData(100_000, 0, ReasonCodes.Malformed)]
    public async Task ValidateContentAsync_RatioAndGraceFromOptions_AreApplied(int maxRatio, long grace, string expectedCode)
    {
        var zip = ZipBytes.Create([("word/document.xml", new byte[64 * 1024])]);
        var options = new ValidationOptions { MaxZipCompressionRatio = maxRatio, ZipRatioGraceBytes = grace };

        var reason = Assert.Single(await Validators.ValidateBytesAsync(zip, MediaTypes.Docx, options));

        Assert.Equal(expectedCode, reason.Code);
    }

    [Fact]
    public async Task ValidateContentAsync_TotalInflatedAboveLimit_RejectedAsZipBomb()
    {
        var zip = ZipBytes.Create([("[Content_Types].xml", new byte[300_000]), ("b.xml", new byte[300_000])]);
        var options = new ValidationOptions { MaxZipUncompressedBytes = 500_000 };

        var reason = Assert.Single(await Validators.ValidateBytesAsync(zip, MediaTypes.Docx, options));

        Assert.Equal(ReasonCodes.ZipBomb, reason.Code);
    }

    [Theory]
    [InlineData("../../evil.txt")]
    [InlineData("word/../../evil.txt")]
    [InlineData("/etc/evil.txt")]
    [InlineData("..\\evil.txt")]
    [InlineData("C:/evil.txt")]
    [InlineData("word//document2.xml")]
    [InlineData("./evil.txt")]
    public async Task ValidateContentAsync_DocxWithZipSlipEntry_Malformed(string entryName)
    {
        var docx = ZipBytes.Create([("[Content_Types].xml", "<Types/>"u8.ToArray()), (entryName, "owned"u8.ToArray())]);

        var reason = Assert.Single(await Validators.Create().ValidateContentAsync(new MemoryStream(docx), MediaTypes.Docx));

        Assert.Equal(ReasonCodes.Malformed, reason.Code);
        Assert.Contains("zip entry", reason.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateContentAsync_TwoEntriesForOnePartName_Malformed()
    {
        var docx = ZipBytes.Create([("[Content_Types].xml", "<Types/>"u8.ToArray()), ("word/document.xml", "a"u8.ToArray()), ("Word/Document.xml", "b"u8.ToArray())]);

        var reason = Assert.Single(await Validators.Create().ValidateContentAsync(new MemoryStream(docx), MediaTypes.Docx));

        Assert.Equal(ReasonCodes.Malformed, reason.Code);
        Assert.Contains("two entries", reason.Detail, StringComparison.Ordinal);
    }
}
