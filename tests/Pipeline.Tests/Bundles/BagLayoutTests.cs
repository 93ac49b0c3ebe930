using System.Text;
using Pipeline.Bundles;

namespace Pipeline.Tests.Bundles;

public sealed class BagLayoutTests
{
    [Theory]
    [InlineData("statement.pdf", "statement.pdf")]
    [InlineData("../../evil.txt", "_.._evil.txt")]
    [InlineData("..\\..\\evil.txt", "_.._evil.txt")]
    [InlineData("/etc/passwd", "_etc_passwd")]
    [InlineData("a\nb\r.pdf", "a_b_.pdf")]
    [InlineData("CON.txt", "_CON.txt")]
    [InlineData("nul", "_nul")]
    [InlineData("...", "document")]
    [InlineData("", "document")]
    [InlineData("%2e%2e%2f", "_2e_2e_2f")]
    [InlineData("report: final?.docx", "report_ final_.docx")]
    [InlineData("Zeugenaussage Müller.pdf", "Zeugenaussage Müller.pdf")]
    public void SafeSegment_UploaderFileName_MapsToOneSafeSegment(string fileName, string expected)
    {
        Assert.Equal(expected, BagLayout.SafeSegment(fileName, "document"));
    }

    [Fact]
    public void SafeSegment_VeryLongName_CutTo150BytesKeepingExtension()
    {
        var safe = BagLayout.SafeSegment(new string('é', 400) + ".pdf", "document");

        Assert.True(Encoding.UTF8.GetByteCount(safe) <= 150);
        Assert.EndsWith("é.pdf", safe, StringComparison.Ordinal);
    }

    [Fact]
    public void PayloadPath_HostileName_StaysInsideTheDocumentsFolder()
    {
        var bag = Path.Combine(Path.GetTempPath(), "bag");
        var path = BagLayout.PayloadPath("doc-1", "../../../../tmp/x");

        Assert.Equal("data/doc-1/_.._.._.._tmp_x", path);
        Assert.NotNull(BagLayout.Resolve(bag, path, out _));
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("data/../../outside.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("data\\x.txt")]
    [InlineData("data//x.txt")]
    [InlineData("data/./x.txt")]
    public void Resolve_PathThatCouldEscape_Refused(string path)
    {
        Assert.Null(BagLayout.Resolve(Path.GetTempPath(), path, out var problem));
        Assert.NotNull(problem);
    }

    [Fact]
    public void EncodeManifestPath_PercentAndLineBreaks_RoundTrip()
    {
        const string path = "data/a%b\r\nc";

        Assert.Equal("data/a%25b%0D%0Ac", BagLayout.EncodeManifestPath(path));
        Assert.Equal(path, BagLayout.DecodeManifestPath(BagLayout.EncodeManifestPath(path)));
    }
}
