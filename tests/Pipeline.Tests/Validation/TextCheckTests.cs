using System.Text;
using Pipeline.Validation;

namespace Pipeline.Tests.Validation;

/// <summary>Text and CSV byte rules: the first offending byte is named with its file offset, in any read buffer.</summary>
public sealed class TextCheckTests
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    [Fact]
    public async Task ValidateContentAsync_CsvControlByteBeyondFirstBuffer_DetailGivesByteAndOffset()
    {
        var rows = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("1,\"a\tb\",J\u00fcrgen\r\n", 10_000)));
        byte[] bytes = [.. Bom, .. rows, 0x07, .. "tail\n"u8];

        var reason = Assert.Single(await Validators.ValidateBytesAsync(bytes, MediaTypes.Csv));

        Assert.Equal(ReasonCodes.InvalidTextEncoding, reason.Code);
        Assert.Equal($"control byte 0x07 at offset {Bom.Length + rows.Length}: CSV content looks binary", reason.Detail);
        Assert.Empty(await Validators.ValidateBytesAsync([.. Bom, .. rows], MediaTypes.Csv));
    }

    [Fact]
    public async Task ValidateContentAsync_CsvNulBeforeControlByte_ReportsNul()
    {
        var reason = Assert.Single(await Validators.ValidateBytesAsync([.. "a,b\n"u8, 0x00, 0x01], MediaTypes.Csv));

        Assert.Equal("NUL byte at offset 4", reason.Detail);
    }

    [Fact]
    public async Task ValidateContentAsync_PlainTextWithControlBytes_AcceptedButNulBeyondFirstBufferIsNot()
    {
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("line\u0007\u001b\f\n", 20_000)));

        Assert.Empty(await Validators.ValidateBytesAsync(text, MediaTypes.PlainText));
        var reason = Assert.Single(await Validators.ValidateBytesAsync([.. text, 0x00], MediaTypes.PlainText));
        Assert.Equal($"NUL byte at offset {text.Length}", reason.Detail);
    }
}
