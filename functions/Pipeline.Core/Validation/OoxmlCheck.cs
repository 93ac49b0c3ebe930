using System.IO.Packaging;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;

namespace Pipeline.Validation;

/// <summary>
/// DOCX/XLSX/PPTX: zip signature, then <see cref="ZipBombGuard"/> (before any library decompresses), then
/// [Content_Types].xml, the officeDocument relationship's main part and its content type (which decides the
/// real kind), then the OpenXml SDK opens the package read-only and streams the main part's XML to the end.
/// </summary>
internal static class OoxmlCheck
{
    private const string OfficeDocumentRelationship = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
    private const string StrictOfficeDocumentRelationship = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument";

    // Main-part content type -> the file's media type. Macro-enabled and template variants are named so the
    // detail is precise, but only the three plain kinds are accepted.
    private static readonly Dictionary<string, string> MainPartKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"] = MediaTypes.Docx,
        ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"] = MediaTypes.Xlsx,
        ["application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"] = MediaTypes.Pptx,
        ["application/vnd.ms-word.document.macroEnabled.main+xml"] = "application/vnd.ms-word.document.macroEnabled.12",
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.template",
        ["application/vnd.ms-excel.sheet.macroEnabled.main+xml"] = "application/vnd.ms-excel.sheet.macroEnabled.12",
        ["application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.template",
        ["application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"] = "application/vnd.ms-powerpoint.presentation.macroEnabled.12",
        ["application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml"] = "application/vnd.openxmlformats-officedocument.presentationml.slideshow",
        ["application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"] = "application/vnd.openxmlformats-officedocument.presentationml.template",
    };

    public static async Task<RejectionReason?> CheckAsync(Stream stream, string declared, ValidationOptions options, CancellationToken cancellationToken)
    {
        static RejectionReason Bad(string detail) => new(ReasonCodes.Malformed, "OOXML: " + detail);

        var guard = await ZipBombGuard.CheckAsync(stream, options, cancellationToken);
        if (guard.Reason is not null)
        {
            return guard.Reason;
        }

        if (!guard.EntryNames.Contains("[Content_Types].xml", StringComparer.OrdinalIgnoreCase))
        {
            return Bad("zip archive has no [Content_Types].xml, so it is not an OOXML package (content looks like a plain zip archive)");
        }

        // Every entry's true inflated size is now known to be within limits, and ZipArchive (under
        // System.IO.Packaging and the SDK) never inflates past a declared size, so the reads below are bounded.
        cancellationToken.ThrowIfCancellationRequested();
        stream.Position = 0;
        string detected;
        try
        {
            using var package = Package.Open(stream, FileMode.Open, FileAccess.Read);
            var relationship = package.GetRelationshipsByType(OfficeDocumentRelationship)
                .Concat(package.GetRelationshipsByType(StrictOfficeDocumentRelationship))
                .FirstOrDefault();
            if (relationship is null)
            {
                return Bad("package has no officeDocument relationship, so there is no main part");
            }

            var partUri = PackUriHelper.ResolvePartUri(new Uri("/", UriKind.Relative), relationship.TargetUri);
            if (!package.PartExists(partUri))
            {
                return Bad($"main part {partUri} named by the package relationships does not exist");
            }

            var contentType = package.GetPart(partUri).ContentType;
            if (!MainPartKinds.TryGetValue(contentType, out var kind))
            {
                return new RejectionReason(ReasonCodes.TypeMismatch, $"declared {MediaTypes.Describe(declared)}, main part has content type {contentType}");
            }

            detected = kind;
        }
        catch (Exception ex) when (ex is FileFormatException or InvalidDataException or XmlException or InvalidOperationException or ArgumentException or UriFormatException)
        {
            return Bad("package does not open: " + ex.Message);
        }

        if (!string.Equals(detected, declared, StringComparison.Ordinal))
        {
            return new RejectionReason(ReasonCodes.TypeMismatch, $"declared {MediaTypes.Describe(declared)}, content looks like {MediaTypes.Describe(detected)}");
        }

        cancellationToken.ThrowIfCancellationRequested();
        stream.Position = 0;
        try
        {
            return OpenWithSdk(stream, declared, options);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or FileFormatException or InvalidDataException or XmlException or InvalidOperationException or ArgumentException)
        {
            return Bad($"OpenXml SDK cannot open it as {MediaTypes.Describe(declared)}: {ex.Message}");
        }
    }

    private static RejectionReason? OpenWithSdk(Stream stream, string declared, ValidationOptions options)
    {
        var settings = new OpenSettings
        {
            // A second, library-side bound on what one part may expand to.
            MaxCharactersInPart = options.MaxZipUncompressedBytes,
        };

        OpenXmlPart? mainPart;
        OpenXmlPackage document = declared switch
        {
            MediaTypes.Docx => WordprocessingDocument.Open(stream, false, settings),
            MediaTypes.Xlsx => SpreadsheetDocument.Open(stream, false, settings),
            _ => PresentationDocument.Open(stream, false, settings),
        };
        using (document)
        {
            mainPart = document switch
            {
                WordprocessingDocument word => word.MainDocumentPart,
                SpreadsheetDocument sheet => sheet.WorkbookPart,
                PresentationDocument slides => slides.PresentationPart,
                _ => null,
            };
            if (mainPart is null)
            {
                return new RejectionReason(ReasonCodes.Malformed, $"OOXML: {MediaTypes.Describe(declared)} has no main part");
            }

            // Stream the XML rather than loading a DOM: proves it is well-formed in constant memory.
            using var reader = OpenXmlReader.Create(mainPart);
            var elements = 0;
            while (reader.Read())
            {
                elements++;
            }

            return elements == 0
                ? new RejectionReason(ReasonCodes.Malformed, $"OOXML: main part {mainPart.Uri} is empty")
                : null;
        }
    }
}
