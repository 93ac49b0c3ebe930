using Pipeline.Validation;

namespace Pipeline.Tests.Validation;

public class EnvelopeValidationTests
{
    private const string Sha = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";

    private static Dictionary<string, string> GoodMetadata() => new()
    {
        ["sha256"] = Sha,
        ["uploadedby"] = "jones@police.example",
        ["documenttype"] = "witness-statement",
    };

    private static UploadEnvelope Envelope(Dictionary<string, string>? metadata = null, long length = 1234, string? contentType = MediaTypes.Pdf, string blobName = "case1/u1/statement.pdf") =>
        new(blobName, contentType, length, metadata ?? GoodMetadata());

    [Fact]
    public void ValidateEnvelope_GoodEnvelope_ReturnsNoReasons()
    {
        Assert.Empty(Validators.Create().ValidateEnvelope(Envelope()));
    }

    [Fact]
    public void ValidateEnvelope_KeysInOtherCase_AreFound()
    {
        var metadata = new Dictionary<string, string> { ["SHA256"] = Sha.ToLowerInvariant(), ["UploadedBy"] = "Clerk 7", ["DocumentType"] = "CCTV_still" };

        Assert.Empty(Validators.Create().ValidateEnvelope(Envelope(metadata)));
    }

    [Fact]
    public void ValidateEnvelope_KeyTwiceInTwoSpellingsWithDifferentValues_InvalidMetadata()
    {
        var metadata = GoodMetadata();
        metadata["SHA256"] = Sha.ToLowerInvariant().Replace('9', '8');

        var reason = Assert.Single(Validators.Create().ValidateEnvelope(Envelope(metadata)));

        Assert.Equal(ReasonCodes.InvalidMetadata, reason.Code);
        Assert.Contains("twice", reason.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateEnvelope_DocumentTypeAbsent_IsAccepted()
    {
        var metadata = GoodMetadata();
        metadata.Remove("documenttype");

        Assert.Empty(Validators.Create().ValidateEnvelope(Envelope(metadata)));
    }

    [Theory]
    [InlineData("sha256")]
    [InlineData("uploadedby")]
    public void ValidateEnvelope_RequiredKeyMissing_ReportsMissingMetadataNamingTheKey(string key)
    {
        var metadata = GoodMetadata();
        metadata.Remove(key);

        var reason = Assert.Single(Validators.Create().ValidateEnvelope(Envelope(metadata)));

        Assert.Equal(ReasonCodes.MissingMetadata, reason.Code);
        Assert.Contains(key, reason.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sha256", "")]
    [InlineData("sha256", "abc")]
    [InlineData("sha256", "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A0")]
    [InlineData("sha256", "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A088")]
    [InlineData("sha256", "ZZ86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08")]
    [InlineData("sha256", " 9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A0")]
    [InlineData("uploadedby", "")]
    [InlineData("uploadedby", "   ")]
    [InlineData("uploadedby", "jones\nadmin")]
    [InlineData("uploadedby", "jones\u0000")]
    [InlineData("documenttype", "")]
    [InlineData("documenttype", "statement;drop")]
    [InlineData("documenttype", "caf\u00e9")]
    public void ValidateEnvelope_BadValue_ReportsInvalidMetadataNamingTheKey(string key, string value)
    {
        var metadata = GoodMetadata();
        metadata[key] = value;

        var reason = Assert.Single(Validators.Create().ValidateEnvelope(Envelope(metadata)));

        Assert.Equal(ReasonCodes.InvalidMetadata, reason.Code);
        Assert.Contains(key, reason.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("uploadedby", 256, true)]
    [InlineData("uploadedby", 257, false)]
    [InlineData("documenttype", 64, true)]
    [InlineData("documenttype", 65, false)]
    public void ValidateEnvelope_ValueLengthAtLimit_AcceptedOnlyUpToLimit(string key, int length, bool accepted)
    {
        var metadata = GoodMetadata();
        metadata[key] = new string('a', length);

        var reasons = Validators.Create().ValidateEnvelope(Envelope(metadata));

        Assert.Equal(accepted, reasons.Count == 0);
    }

    [Fact]
    public void ValidateEnvelope_SameKeyTwiceWithDifferentValues_ReportsInvalidMetadata()
    {
        var metadata = GoodMetadata();
        metadata["UPLOADEDBY"] = "someone else";

        var reason = Assert.Single(Validators.Create().ValidateEnvelope(Envelope(metadata)));

        Assert.Equal(ReasonCodes.InvalidMetadata, reason.Code);
    }

    [Theory]
    [InlineData(0, ReasonCodes.EmptyFile)]
    [InlineData(-1, ReasonCodes.EmptyFile)]
    [InlineData(2L * 1024 * 1024 * 1024 + 1, ReasonCodes.TooLarge)]
    [InlineData(3L * 1024 * 1024 * 1024, ReasonCodes.TooLarge)]
    public void ValidateEnvelope_BadLength_ReportsSizeReason(long length, string expectedCode)
    {
        var reason = Assert.Single(Validators.Create().ValidateEnvelope(Envelope(length: length)));

        Assert.Equal(expectedCode, reason.Code);
    }

    [Fact]
    public void ValidateEnvelope_LengthExactlyAtLimit_IsAccepted()
    {
        Assert.Empty(Validators.Create().ValidateEnvelope(Envelope(length: 2L * 1024 * 1024 * 1024)));
    }

    [Fact]
    public void ValidateEnvelope_LimitFromOptions_IsApplied()
    {
        var validator = Validators.Create(new ValidationOptions { MaxUploadBytes = 1000 });

        var reason = Assert.Single(validator.ValidateEnvelope(Envelope(length: 1001)));

        Assert.Equal(ReasonCodes.TooLarge, reason.Code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("application/octet-stream")]
    [InlineData("application/x-msdownload")]
    [InlineData("application/msword")]
    [InlineData("image/webp")]
    public void ValidateEnvelope_UnsupportedDeclaredType_ReportsUnsupportedType(string? contentType)
    {
        var reason = Assert.Single(Validators.Create().ValidateEnvelope(Envelope(contentType: contentType)));

        Assert.Equal(ReasonCodes.UnsupportedType, reason.Code);
    }

    [Fact]
    public void ValidateEnvelope_SeveralProblems_ReportsEach()
    {
        var reasons = Validators.Create().ValidateEnvelope(
            new UploadEnvelope("a/b/c/d", "image/webp", 0, new Dictionary<string, string>()));

        Assert.Equal(
            [ReasonCodes.InvalidPath, ReasonCodes.MissingMetadata, ReasonCodes.MissingMetadata, ReasonCodes.EmptyFile, ReasonCodes.UnsupportedType],
            reasons.Select(r => r.Code));
    }

    [Fact]
    public async Task ValidateContentAsync_DeclaredLength3GiB_RejectedWithoutReading()
    {
        var validator = Validators.Create();
        Assert.Equal(ReasonCodes.TooLarge, Assert.Single(validator.ValidateEnvelope(Envelope(length: 3L * 1024 * 1024 * 1024))).Code);

        using var stream = new FailingStream(3L * 1024 * 1024 * 1024);
        var reason = Assert.Single(await validator.ValidateContentAsync(stream, MediaTypes.Pdf));

        Assert.Equal(ReasonCodes.TooLarge, reason.Code);
        Assert.Equal(0, stream.ReadCalls);
    }
}
