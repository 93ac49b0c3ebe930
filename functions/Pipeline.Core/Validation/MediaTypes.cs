namespace Pipeline.Validation;

/// <summary>The supported media types and the aliases portals and browsers send for them.</summary>
public static class MediaTypes
{
    /// <summary>PDF.</summary>
    public const string Pdf = "application/pdf";

    /// <summary>PNG.</summary>
    public const string Png = "image/png";

    /// <summary>JPEG.</summary>
    public const string Jpeg = "image/jpeg";

    /// <summary>TIFF (classic and BigTIFF).</summary>
    public const string Tiff = "image/tiff";

    /// <summary>GIF.</summary>
    public const string Gif = "image/gif";

    /// <summary>Word document (DOCX).</summary>
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>Excel workbook (XLSX).</summary>
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>PowerPoint presentation (PPTX).</summary>
    public const string Pptx = "application/vnd.openxmlformats-officedocument.presentationml.presentation";

    /// <summary>MP3 audio.</summary>
    public const string Mp3 = "audio/mpeg";

    /// <summary>MP4 video.</summary>
    public const string Mp4 = "video/mp4";

    /// <summary>WAV audio.</summary>
    public const string Wav = "audio/wav";

    /// <summary>Plain UTF-8 text.</summary>
    public const string PlainText = "text/plain";

    /// <summary>Comma-separated values, UTF-8.</summary>
    public const string Csv = "text/csv";

    /// <summary>Internet e-mail message (EML).</summary>
    public const string Eml = "message/rfc822";

    /// <summary>Every supported (normalised) media type.</summary>
    public static IReadOnlyList<string> Supported { get; } =
        [Pdf, Png, Jpeg, Tiff, Gif, Docx, Xlsx, Pptx, Mp3, Mp4, Wav, PlainText, Csv, Eml];

    /// <summary>Alias (lower case, no parameters) to normalised type; includes each type mapping to itself.</summary>
    public static IReadOnlyDictionary<string, string> Aliases { get; } = CreateAliases();

    private static Dictionary<string, string> CreateAliases()
    {
        var map = Supported.ToDictionary(t => t, t => t, StringComparer.OrdinalIgnoreCase);
        // Only aliases that cannot mean anything else: e.g. application/vnd.ms-excel is NOT taken for CSV,
        // because it also names legacy .xls files.
        map["application/x-pdf"] = Pdf;
        map["image/x-png"] = Png;
        map["image/jpg"] = Jpeg;
        map["image/pjpeg"] = Jpeg;
        map["image/tif"] = Tiff;
        map["image/x-tiff"] = Tiff;
        map["audio/mp3"] = Mp3;
        map["audio/x-mp3"] = Mp3;
        map["audio/mpeg3"] = Mp3;
        map["audio/x-mpeg"] = Mp3;
        map["audio/x-wav"] = Wav;
        map["audio/wave"] = Wav;
        map["audio/vnd.wave"] = Wav;
        map["text/x-csv"] = Csv;
        map["application/csv"] = Csv;
        return map;
    }

    /// <summary>A short name for details ("DOCX" rather than the long OOXML type).</summary>
    internal static string Describe(string mediaType) => mediaType switch
    {
        Docx => "DOCX (" + Docx + ")",
        Xlsx => "XLSX (" + Xlsx + ")",
        Pptx => "PPTX (" + Pptx + ")",
        _ => mediaType,
    };
}
