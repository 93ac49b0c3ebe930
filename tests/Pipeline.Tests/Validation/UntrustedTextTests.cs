using Pipeline.Validation;

namespace Pipeline.Tests.Validation;

public sealed class UntrustedTextTests
{
    [Fact]
    public void Bound_LongTextWithControlCharacters_CappedAndReplaced()
    {
        var hostile = "bad\u0000key\r\n" + new string('x', 100_000);

        var bounded = UntrustedText.Bound(hostile, 64);

        Assert.Equal(64, bounded.Length);
        Assert.StartsWith("bad\uFFFDkey\uFFFD\uFFFD", bounded, StringComparison.Ordinal);
        Assert.EndsWith("…", bounded, StringComparison.Ordinal);
    }

    [Fact]
    public void Bound_ShortText_Unchanged()
    {
        Assert.Equal("declared image/png", UntrustedText.Bound("declared image/png", 64));
        Assert.Equal("", UntrustedText.Bound(null, 64));
    }

    [Fact]
    public void Bound_CutInsideSurrogatePair_NoLoneSurrogate()
    {
        var bounded = UntrustedText.Bound("ab\U0001F600cd", 4);

        Assert.Equal("ab…", bounded);
    }

    [Fact]
    public void RejectionReason_ParserMessageOfAnyLength_DetailBounded()
    {
        var reason = new RejectionReason(ReasonCodes.Malformed, "PDF structure is broken: " + new string('(', 100_000));

        Assert.Equal(RejectionReason.MaxDetailLength, reason.Detail.Length);
        Assert.Equal(ReasonCodes.Malformed, reason.Code);
    }
}
