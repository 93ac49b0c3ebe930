using Pipeline.Validation;

namespace Pipeline.Tests.Validation;

public class IntakePathParserTests
{
    [Theory]
    [InlineData("CASE-2025_001/upload01/statement.pdf", "CASE-2025_001", "upload01", "statement.pdf")]
    [InlineData("c/u/a", "c", "u", "a")]
    [InlineData("case1/-upload_/Zeugenaussage M\u00fcller.docx", "case1", "-upload_", "Zeugenaussage M\u00fcller.docx")]
    [InlineData("case1/u1/50% report.pdf", "case1", "u1", "50% report.pdf")]
    [InlineData("case1/u1/CONSOLE.txt", "case1", "u1", "CONSOLE.txt")]
    [InlineData("case1/u1/photo \U0001F4F7.jpg", "case1", "u1", "photo \U0001F4F7.jpg")]
    public void TryParse_ValidName_ReturnsParts(string blobName, string caseId, string uploadId, string fileName)
    {
        var ok = IntakePathParser.TryParse(blobName, out var path, out var reason);

        Assert.True(ok, reason?.Detail);
        Assert.Equal(new IntakePath(caseId, uploadId, fileName), path);
    }

    [Theory]
    [InlineData("", ReasonCodes.InvalidPath)]
    [InlineData("../x", ReasonCodes.InvalidPath)]
    [InlineData("case/../x", ReasonCodes.InvalidPath)]
    [InlineData("case/./x.pdf", ReasonCodes.InvalidPath)]
    [InlineData("case/u1/..", ReasonCodes.InvalidPath)]
    [InlineData("a//b/c", ReasonCodes.InvalidPath)]
    [InlineData("a/b/c/d", ReasonCodes.InvalidPath)]
    [InlineData("a/b", ReasonCodes.InvalidPath)]
    [InlineData("/a/b/c", ReasonCodes.InvalidPath)]
    [InlineData("a/b/c/", ReasonCodes.InvalidPath)]
    [InlineData("a//c", ReasonCodes.InvalidPath)]
    [InlineData("a/b%2Fc/d.pdf", ReasonCodes.InvalidPath)]
    [InlineData("a/b/c%2fd.pdf", ReasonCodes.InvalidPath)]
    [InlineData("a/b/%2E%2E", ReasonCodes.InvalidPath)]
    [InlineData("a/b/c%5Cd.pdf", ReasonCodes.InvalidPath)]
    [InlineData("a\\b\\c.pdf", ReasonCodes.InvalidPath)]
    [InlineData("a/b/c\\d.pdf", ReasonCodes.InvalidPath)]
    public void TryParse_PathTrick_RejectsAsInvalidPath(string blobName, string expectedCode)
    {
        var ok = IntakePathParser.TryParse(blobName, out var path, out var reason);

        Assert.False(ok);
        Assert.Null(path);
        Assert.Equal(expectedCode, reason!.Code);
    }

    [Theory]
    [InlineData("-case/u/f.pdf")]
    [InlineData("_case/u/f.pdf")]
    [InlineData("~case/u/f.pdf")]
    [InlineData("case 1/u/f.pdf")]
    [InlineData("case.1/u/f.pdf")]
    [InlineData("caf\u00e9/u/f.pdf")]
    [InlineData("CON/u/f.pdf")]
    [InlineData("lpt1/u/f.pdf")]
    [InlineData("\u041d\u0425/u/f.pdf")]
    public void TryParse_BadCaseId_RejectsAsInvalidCaseId(string blobName)
    {
        Assert.False(IntakePathParser.TryParse(blobName, out _, out var reason));
        Assert.Equal(ReasonCodes.InvalidCaseId, reason.Code);
    }

    [Theory]
    [InlineData("case/AUX/f.pdf", ReasonCodes.InvalidUploadId)]
    [InlineData("case/u/invoice\u202Efdp.exe", ReasonCodes.InvalidFileName)]
    [InlineData("case/u/no\u200Bte.txt", ReasonCodes.InvalidFileName)]
    [InlineData("case/u/\uFEFFnote.txt", ReasonCodes.InvalidFileName)]
    [InlineData("case/u/p\u0430ypal.pdf", ReasonCodes.InvalidFileName)]
    [InlineData("case/u/\u03A1\u0391YPAL.pdf", ReasonCodes.InvalidFileName)]
    public void TryParse_ReservedIdInvisibleOrConfusableName_Rejected(string blobName, string expectedCode)
    {
        Assert.False(IntakePathParser.TryParse(blobName, out _, out var reason));
        Assert.Equal(expectedCode, reason.Code);
    }

    [Theory]
    [InlineData("case/u/\u041c\u043e\u0441\u043a\u0432\u0430 report.pdf")]
    [InlineData("case/u/\u0391\u03b8\u03ae\u03bd\u03b1-Athens.pdf")]
    [InlineData("case/u/CONTRACT.pdf")]
    public void TryParse_WordsInDifferentScripts_Accepted(string blobName)
    {
        Assert.True(IntakePathParser.TryParse(blobName, out _, out var reason), reason?.Detail);
    }

    [Fact]
    public void TryParse_CaseIdOf65Chars_RejectsAsInvalidCaseId()
    {
        Assert.True(IntakePathParser.TryParse(new string('c', 64) + "/u/f.pdf", out _, out _));
        Assert.False(IntakePathParser.TryParse(new string('c', 65) + "/u/f.pdf", out _, out var reason));
        Assert.Equal(ReasonCodes.InvalidCaseId, reason.Code);
    }

    [Theory]
    [InlineData("case/up load/f.pdf")]
    [InlineData("case/up.load/f.pdf")]
    [InlineData("case/up+load/f.pdf")]
    public void TryParse_BadUploadId_RejectsAsInvalidUploadId(string blobName)
    {
        Assert.False(IntakePathParser.TryParse(blobName, out _, out var reason));
        Assert.Equal(ReasonCodes.InvalidUploadId, reason.Code);
    }

    [Fact]
    public void TryParse_UploadIdOf65Chars_RejectsAsInvalidUploadId()
    {
        Assert.True(IntakePathParser.TryParse("case/" + new string('u', 64) + "/f.pdf", out _, out _));
        Assert.False(IntakePathParser.TryParse("case/" + new string('u', 65) + "/f.pdf", out _, out var reason));
        Assert.Equal(ReasonCodes.InvalidUploadId, reason.Code);
    }

    [Theory]
    [InlineData(".hidden")]
    [InlineData(".pdf")]
    [InlineData("report.pdf.")]
    [InlineData("report.pdf ")]
    [InlineData("tab\there.pdf")]
    [InlineData("new\nline.pdf")]
    [InlineData("del\u007f.pdf")]
    [InlineData("c1\u0085.pdf")]
    [InlineData("CON")]
    [InlineData("con.txt")]
    [InlineData("NUL.pdf")]
    [InlineData("Aux.docx")]
    [InlineData("PRN")]
    [InlineData("COM1.pdf")]
    [InlineData("lpt9")]
    [InlineData("COM\u00b9.txt")]
    [InlineData("CON .txt")]
    [InlineData("Cafe\u0301.pdf")]
    [InlineData("\u1112\u1161\u11AB.txt")]
    [InlineData("5\u2126 resistor.pdf")]
    [InlineData("\u212Bngstr\u00f6m.pdf")]
    public void TryParse_BadFileName_RejectsAsInvalidFileName(string fileName)
    {
        Assert.False(IntakePathParser.TryParse("case/u1/" + fileName, out _, out var reason));
        Assert.Equal(ReasonCodes.InvalidFileName, reason.Code);
    }

    [Fact]
    public void TryParse_FileNameWithLoneSurrogate_RejectsAsInvalidFileName()
    {
        var name = "lone" + (char)0xD800 + "surrogate.pdf";

        Assert.False(IntakePathParser.TryParse("case/u1/" + name, out _, out var reason));
        Assert.Equal(ReasonCodes.InvalidFileName, reason.Code);
    }

    [Fact]
    public void TryParse_FileNameOf256Chars_RejectsAsInvalidFileName()
    {
        Assert.True(IntakePathParser.TryParse("case/u1/" + new string('f', 251) + ".pdf", out _, out _));
        Assert.False(IntakePathParser.TryParse("case/u1/" + new string('f', 252) + ".pdf", out _, out var reason));
        Assert.Equal(ReasonCodes.InvalidFileName, reason.Code);
    }

    [Fact]
    public void TryParse_NfcAndNfdSpellings_OnlyNfcAccepted()
    {
        // Spelled out: with InvariantGlobalization, string.Normalize is a no-op and cannot build the NFD form.
        var nfc = "R\u00e9sum\u00e9.pdf";
        var nfd = "Re\u0301sume\u0301.pdf";

        Assert.True(IntakePathParser.TryParse("case/u1/" + nfc, out _, out _));
        Assert.False(IntakePathParser.TryParse("case/u1/" + nfd, out _, out var reason));
        Assert.Equal(ReasonCodes.InvalidFileName, reason.Code);
        Assert.Contains("NFC", reason.Detail, StringComparison.Ordinal);
    }
}
