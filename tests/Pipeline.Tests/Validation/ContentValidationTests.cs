using Pipeline.Tests.TestFiles;
using Pipeline.Validation;

namespace Pipeline.Tests.Validation;

public class ContentValidationTests
{
    public static IEnumerable<object[]> ValidCases => SampleFiles.ValidCases;

    public static IEnumerable<object[]> HostileCases => SampleFiles.HostileCases;

    [Theory]
    [MemberData(nameof(ValidCases))]
    public async Task ValidateContentAsync_ValidSample_ReturnsNoReasons(string name, byte[] bytes, string declared)
    {
        var reasons = await Validators.ValidateBytesAsync(bytes, declared);

        Assert.True(reasons.Count == 0, $"{name}: {string.Join("; ", reasons)}");
    }

    [Theory]
    [MemberData(nameof(HostileCases))]
    public async Task ValidateContentAsync_HostileSample_ReturnsExactlyTheExpectedCode(string name, byte[] bytes, string declared, string expectedCode)
    {
        var reasons = await Validators.ValidateBytesAsync(bytes, declared);

        var reason = Assert.Single(reasons);
        Assert.True(expectedCode == reason.Code, $"{name}: expected {expectedCode}, got {reason}");
        Assert.False(string.IsNullOrWhiteSpace(reason.Detail));
    }

    [Fact]
    public void HostileCases_CoverEveryContentReasonCode()
    {
        var covered = SampleFiles.HostileCases.Select(c => (string)c[3]).ToHashSet();

        Assert.Superset(
            new HashSet<string> { ReasonCodes.TypeMismatch, ReasonCodes.Malformed, ReasonCodes.Encrypted, ReasonCodes.ZipBomb, ReasonCodes.InvalidTextEncoding, ReasonCodes.EmptyFile, ReasonCodes.UnsupportedType },
            covered);
    }

    [Fact]
    public async Task ValidateContentAsync_PngDeclaredAsPdf_DetailNamesDeclaredAndDetected()
    {
        var reason = Assert.Single(await Validators.ValidateBytesAsync(SampleFiles.Png(), MediaTypes.Pdf));

        Assert.Equal("declared application/pdf, content looks like image/png", reason.Detail);
    }

    [Fact]
    public async Task ValidateContentAsync_DocxDeclaredAsXlsx_DetailNamesBothKinds()
    {
        var reason = Assert.Single(await Validators.ValidateBytesAsync(SampleFiles.Docx(), MediaTypes.Xlsx));

        Assert.Equal(ReasonCodes.TypeMismatch, reason.Code);
        Assert.Contains("declared XLSX", reason.Detail, StringComparison.Ordinal);
        Assert.Contains("looks like DOCX", reason.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateContentAsync_OleEncryptedDocx_DetailSaysPasswordProtected()
    {
        var reason = Assert.Single(await Validators.ValidateBytesAsync(SampleFiles.OleEncryptedDocx(), MediaTypes.Docx));

        Assert.Equal(ReasonCodes.Encrypted, reason.Code);
        Assert.Contains("password-protected", reason.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateContentAsync_PdfWithBrokenXrefPointer_IsMalformedAlthoughPdfPigCouldRepairIt()
    {
        var bytes = SampleFiles.PdfWithBrokenXrefPointer();
        using (var document = UglyToad.PdfPig.PdfDocument.Open(bytes))
        {
            Assert.Equal(1, document.NumberOfPages); // PdfPig silently rebuilds the xref: this is why the pointer is checked.
        }

        var reason = Assert.Single(await Validators.ValidateBytesAsync(bytes, MediaTypes.Pdf));

        Assert.Equal(ReasonCodes.Malformed, reason.Code);
        Assert.Contains("startxref", reason.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateContentAsync_TextWithNul_DetailGivesOffset()
    {
        var reason = Assert.Single(await Validators.ValidateBytesAsync(SampleFiles.TextWithNul(), MediaTypes.PlainText));

        Assert.Equal("NUL byte at offset 9", reason.Detail);
    }

    [Fact]
    public async Task ValidateContentAsync_InvalidUtf8BeyondFirstBuffer_IsFoundAtItsOffset()
    {
        // Two-byte characters straddle every read boundary; the bad byte sits far past the first buffer.
        var good = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("\u00fc", 150_000)));
        byte[] bytes = [.. good, 0xFF, .. "tail"u8];

        var reason = Assert.Single(await Validators.ValidateBytesAsync(bytes, MediaTypes.PlainText));

        Assert.Equal(ReasonCodes.InvalidTextEncoding, reason.Code);
        Assert.Equal($"invalid UTF-8 at offset {good.Length}", reason.Detail);
        Assert.Empty(await Validators.ValidateBytesAsync(good, MediaTypes.PlainText));
    }

    [Fact]
    public async Task ValidateContentAsync_DeclaredWithParameters_UsesMediaTypeOnly()
    {
        Assert.Empty(await Validators.ValidateBytesAsync(SampleFiles.Csv(), "text/csv; charset=utf-8; header=present"));
    }

    [Fact]
    public async Task ValidateContentAsync_UnsupportedDeclaredType_ReportsUnsupportedType()
    {
        var reason = Assert.Single(await Validators.ValidateBytesAsync(SampleFiles.Pdf(), "application/octet-stream"));

        Assert.Equal(ReasonCodes.UnsupportedType, reason.Code);
    }

    [Fact]
    public async Task ValidateContentAsync_StreamFailsToRead_PropagatesIOException()
    {
        using var stream = new FailingStream(1000);

        await Assert.ThrowsAsync<IOException>(() => Validators.Create().ValidateContentAsync(stream, MediaTypes.Pdf));
    }

    [Fact]
    public async Task ValidateContentAsync_Cancelled_ThrowsOperationCanceled()
    {
        using var stream = new MemoryStream(SampleFiles.Docx());
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Validators.Create().ValidateContentAsync(stream, MediaTypes.Docx, cancellation.Token));
    }

    [Fact]
    public async Task ValidateContentAsync_Stream_IsLeftOpen()
    {
        using var stream = new MemoryStream(SampleFiles.Pdf());

        await Validators.Create().ValidateContentAsync(stream, MediaTypes.Pdf);

        Assert.True(stream.CanRead);
    }

    [Fact]
    public async Task ValidateContentAsync_RandomBytesForEveryType_NeverThrows()
    {
        var random = new Random(20250603);
        foreach (var type in MediaTypes.Supported)
        {
            for (var i = 0; i < 20; i++)
            {
                var bytes = new byte[random.Next(1, 4096)];
                random.NextBytes(bytes);

                var reasons = await Validators.ValidateBytesAsync(bytes, type);

                Assert.Single(reasons);
            }
        }
    }

    [Fact]
    public async Task ValidateContentAsync_EveryValidSampleCutShort_NeverThrowsAndNeverPassesUnnoticedForStrictFormats()
    {
        foreach (var sample in SampleFiles.ValidCases)
        {
            var (name, bytes, declared) = ((string)sample[0], (byte[])sample[1], (string)sample[2]);
            var cut = bytes[..(bytes.Length * 2 / 3)];

            var reasons = await Validators.ValidateBytesAsync(cut, declared);

            // Text, CSV, EML and the streamable audio formats (MP3 frames, WAV data) have no end marker: a
            // prefix is still a valid file of that type, and WAV data sizes are deliberately not enforced.
            if (name is not ("text" or "text-with-bom" or "csv" or "eml" or "mp3" or "wav"))
            {
                Assert.True(reasons.Count == 1, $"{name}: truncated copy was accepted");
            }
        }
    }
}
