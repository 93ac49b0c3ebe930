using Pipeline.Validation;

namespace Pipeline.Tests.Validation;

public class ContentTypeNormalisationTests
{
    [Theory]
    [InlineData("application/pdf", "application/pdf")]
    [InlineData("Application/PDF", "application/pdf")]
    [InlineData("application/x-pdf", "application/pdf")]
    [InlineData(" application/pdf ; name=\"x.pdf\"", "application/pdf")]
    [InlineData("image/x-png", "image/png")]
    [InlineData("image/jpg", "image/jpeg")]
    [InlineData("image/pjpeg", "image/jpeg")]
    [InlineData("image/tif", "image/tiff")]
    [InlineData("image/x-tiff", "image/tiff")]
    [InlineData("image/gif", "image/gif")]
    [InlineData("application/vnd.openxmlformats-officedocument.wordprocessingml.document", MediaTypes.Docx)]
    [InlineData("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", MediaTypes.Xlsx)]
    [InlineData("application/vnd.openxmlformats-officedocument.presentationml.presentation", MediaTypes.Pptx)]
    [InlineData("audio/mp3", "audio/mpeg")]
    [InlineData("audio/x-mp3", "audio/mpeg")]
    [InlineData("audio/mpeg3", "audio/mpeg")]
    [InlineData("video/mp4", "video/mp4")]
    [InlineData("audio/x-wav", "audio/wav")]
    [InlineData("audio/wave", "audio/wav")]
    [InlineData("audio/vnd.wave", "audio/wav")]
    [InlineData("text/plain; charset=utf-8", "text/plain")]
    [InlineData("TEXT/CSV;charset=UTF-8", "text/csv")]
    [InlineData("text/x-csv", "text/csv")]
    [InlineData("message/rfc822", "message/rfc822")]
    public void NormaliseContentType_SupportedOrAlias_ReturnsNormalisedType(string declared, string expected)
    {
        Assert.Equal(expected, UploadValidator.NormaliseContentType(declared));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(";charset=utf-8")]
    [InlineData("application/octet-stream")]
    [InlineData("application/vnd.ms-excel")]
    [InlineData("application/zip")]
    [InlineData("text/html")]
    [InlineData("application/pdfx")]
    public void NormaliseContentType_Unsupported_ReturnsNull(string? declared)
    {
        Assert.Null(UploadValidator.NormaliseContentType(declared));
    }

    [Fact]
    public void NormaliseContentType_EverySupportedType_MapsToItself()
    {
        Assert.All(MediaTypes.Supported, t => Assert.Equal(t, UploadValidator.NormaliseContentType(t)));
    }
}
