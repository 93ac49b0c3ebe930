using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Presentation;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Wordprocessing;
using PageSize = UglyToad.PdfPig.Content.PageSize;
using Run = DocumentFormat.OpenXml.Wordprocessing.Run;
using Pipeline.Validation;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Pipeline.Tests.TestFiles;

/// <summary>
/// Valid and hostile upload bytes, built in code so every test (unit or end-to-end against Azurite) gets the
/// same, inspectable files. Each method returns a fresh array.
/// </summary>
public static class SampleFiles
{
    /// <summary>(name, bytes, declared content type): one sound file of every supported type.</summary>
    public static IEnumerable<object[]> ValidCases =>
    [
        ["pdf", Pdf(), MediaTypes.Pdf],
        ["png", Png(), MediaTypes.Png],
        ["jpeg", Jpeg(), MediaTypes.Jpeg],
        ["tiff", Tiff(), MediaTypes.Tiff],
        ["gif", Gif(), MediaTypes.Gif],
        ["docx", Docx(), MediaTypes.Docx],
        ["xlsx", Xlsx(), MediaTypes.Xlsx],
        ["pptx", Pptx(), MediaTypes.Pptx],
        ["mp3", Mp3(), MediaTypes.Mp3],
        ["mp4", Mp4(), MediaTypes.Mp4],
        ["wav", Wav(), MediaTypes.Wav],
        ["text", Text(), MediaTypes.PlainText],
        ["text-with-bom", TextWithBom(), "text/plain; charset=utf-8"],
        ["csv", Csv(), MediaTypes.Csv],
        ["eml", Eml(), MediaTypes.Eml],
    ];

    /// <summary>(name, bytes, declared content type, expected <see cref="ReasonCodes"/> value).</summary>
    public static IEnumerable<object[]> HostileCases =>
    [
        ["png-declared-as-pdf", Png(), MediaTypes.Pdf, ReasonCodes.TypeMismatch],
        ["pdf-declared-as-png", Pdf(), MediaTypes.Png, ReasonCodes.TypeMismatch],
        ["text-declared-as-mp3", Text(), MediaTypes.Mp3, ReasonCodes.TypeMismatch],
        ["pdf-declared-as-text", Pdf(), MediaTypes.PlainText, ReasonCodes.TypeMismatch],
        ["encrypted-pdf-empty-user-password", EncryptedPdf(), MediaTypes.Pdf, ReasonCodes.Encrypted],
        ["encrypted-pdf-needs-password", EncryptedPdfNeedingPassword(), MediaTypes.Pdf, ReasonCodes.Encrypted],
        ["truncated-pdf", TruncatedPdf(), MediaTypes.Pdf, ReasonCodes.Malformed],
        ["pdf-broken-xref-pointer", PdfWithBrokenXrefPointer(), MediaTypes.Pdf, ReasonCodes.Malformed],
        ["pdf-header-only", Encoding.ASCII.GetBytes("%PDF-1.7\n%%EOF\n"), MediaTypes.Pdf, ReasonCodes.Malformed],
        ["zip-bomb-declared-as-docx", ZipBombDocx(), MediaTypes.Docx, ReasonCodes.ZipBomb],
        ["zip-claiming-huge-size-declared-as-docx", ZipClaimingHugeSize(), MediaTypes.Docx, ReasonCodes.ZipBomb],
        ["zip-with-lying-sizes-declared-as-docx", ZipWithLyingSizes(), MediaTypes.Docx, ReasonCodes.ZipBomb],
        ["zip-with-too-many-entries-declared-as-xlsx", ZipWithTooManyEntries(), MediaTypes.Xlsx, ReasonCodes.ZipBomb],
        ["docx-declared-as-xlsx", Docx(), MediaTypes.Xlsx, ReasonCodes.TypeMismatch],
        ["xlsx-declared-as-pptx", Xlsx(), MediaTypes.Pptx, ReasonCodes.TypeMismatch],
        ["plain-zip-declared-as-docx", PlainZip(), MediaTypes.Docx, ReasonCodes.Malformed],
        ["truncated-docx", Docx()[..^40], MediaTypes.Docx, ReasonCodes.Malformed],
        ["ole-encrypted-docx", OleEncryptedDocx(), MediaTypes.Docx, ReasonCodes.Encrypted],
        ["legacy-doc-declared-as-docx", LegacyOleDocument(), MediaTypes.Docx, ReasonCodes.TypeMismatch],
        ["pdf-declared-as-docx", Pdf(), MediaTypes.Docx, ReasonCodes.TypeMismatch],
        ["invalid-utf8-text", InvalidUtf8Text(), MediaTypes.PlainText, ReasonCodes.InvalidTextEncoding],
        ["truncated-utf8-sequence-at-end", TextEndingMidCharacter(), MediaTypes.PlainText, ReasonCodes.InvalidTextEncoding],
        ["text-with-nul", TextWithNul(), MediaTypes.PlainText, ReasonCodes.InvalidTextEncoding],
        ["utf16-text", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("Statement")).ToArray(), MediaTypes.PlainText, ReasonCodes.InvalidTextEncoding],
        ["binary-csv", BinaryCsv(), MediaTypes.Csv, ReasonCodes.InvalidTextEncoding],
        ["truncated-jpeg", TruncatedJpeg(), MediaTypes.Jpeg, ReasonCodes.Malformed],
        ["truncated-png", Png()[..^12], MediaTypes.Png, ReasonCodes.Malformed],
        ["truncated-gif", Gif()[..^1], MediaTypes.Gif, ReasonCodes.Malformed],
        ["tiff-ifd-outside-file", TiffWithBadIfd(), MediaTypes.Tiff, ReasonCodes.Malformed],
        ["truncated-mp4", Mp4()[..^20], MediaTypes.Mp4, ReasonCodes.Malformed],
        ["mp4-without-moov", Mp4WithoutMoov(), MediaTypes.Mp4, ReasonCodes.Malformed],
        ["wav-without-fmt", WavWithoutFmt(), MediaTypes.Wav, ReasonCodes.Malformed],
        ["mp3-id3-without-frames", Mp3TagOnly(), MediaTypes.Mp3, ReasonCodes.Malformed],
        ["garbage-eml", GarbageEml(), MediaTypes.Eml, ReasonCodes.Malformed],
        ["empty-file", Array.Empty<byte>(), MediaTypes.PlainText, ReasonCodes.EmptyFile],
        ["unsupported-type", Pdf(), "application/x-msdownload", ReasonCodes.UnsupportedType],
    ];

    // ---- valid files ----

    /// <summary>A one-page PDF with text, written by PdfPig.</summary>
    public static byte[] Pdf()
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(PageSize.A4);
        page.AddText("Exhibit A: witness statement", 12, new PdfPoint(72, 720), font);
        return builder.Build();
    }

    /// <summary>A 1x1 greyscale PNG: signature, IHDR, zlib-compressed IDAT, IEND, all with real CRCs.</summary>
    public static byte[] Png()
    {
        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, 1);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), 1);
        ihdr[8] = 8; // bit depth; colour type 0 (grey), deflate, no filter, no interlace
        WritePngChunk(output, "IHDR", ihdr);
        using var pixels = new MemoryStream();
        using (var zlib = new ZLibStream(pixels, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write([0x00, 0x80]); // filter type None, one mid-grey pixel
        }

        WritePngChunk(output, "IDAT", pixels.ToArray());
        WritePngChunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>
    /// A 1x1 baseline JPEG: JFIF, a flat quantisation table, one-symbol Huffman tables, and a scan whose only
    /// bits are "DC difference 0" and "end of block" (a mid-grey pixel).
    /// </summary>
    public static byte[] Jpeg()
    {
        var bytes = new List<byte> { 0xFF, 0xD8 };
        bytes.AddRange([0xFF, 0xE0, 0x00, 0x10, .. "JFIF\0"u8, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
        bytes.AddRange([0xFF, 0xDB, 0x00, 0x43, 0x00, .. Enumerable.Repeat((byte)1, 64)]);
        bytes.AddRange([0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00]);
        bytes.AddRange([0xFF, 0xC4, 0x00, 0x14, 0x00, 0x01, .. new byte[15], 0x00]); // DC table 0: one 1-bit code for category 0
        bytes.AddRange([0xFF, 0xC4, 0x00, 0x14, 0x10, 0x01, .. new byte[15], 0x00]); // AC table 0: one 1-bit code for EOB
        bytes.AddRange([0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]);
        bytes.Add(0x3F); // bits 0 (DC) 0 (EOB), padded with ones
        bytes.AddRange([0xFF, 0xD9]);
        return [.. bytes];
    }

    /// <summary>The classic 1x1 GIF89a: screen descriptor, 2-colour table, one image, trailer.</summary>
    public static byte[] Gif() =>
    [
        .. "GIF89a"u8, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00,
        0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00,
        0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
        0x02, 0x02, 0x44, 0x01, 0x00,
        0x3B,
    ];

    /// <summary>A 1x1 8-bit greyscale, uncompressed, little-endian TIFF with one strip.</summary>
    public static byte[] Tiff()
    {
        (ushort Tag, ushort Type, uint Value)[] entries =
        [
            (256, 3, 1), (257, 3, 1), (258, 3, 8), (259, 3, 1), (262, 3, 1), (273, 4, 110), (278, 3, 1), (279, 4, 1),
        ];
        var bytes = new byte[111];
        "II*\0"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 8);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)entries.Length);
        for (var i = 0; i < entries.Length; i++)
        {
            var at = 10 + (i * 12);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), entries[i].Tag);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at + 2), entries[i].Type);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 4), 1);
            if (entries[i].Type == 3)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at + 8), (ushort)entries[i].Value);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 8), entries[i].Value);
            }
        }

        // Next-IFD offset 0 at 106..109, then the single pixel at 110.
        bytes[110] = 0x80;
        return bytes;
    }

    /// <summary>A DOCX with one paragraph, written by the OpenXml SDK.</summary>
    public static byte[] Docx()
    {
        using var output = new MemoryStream();
        using (var document = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(new Paragraph(new Run(new DocumentFormat.OpenXml.Wordprocessing.Text("Exhibit B: statement")))));
        }

        return output.ToArray();
    }

    /// <summary>An XLSX with one sheet and one cell, written by the OpenXml SDK.</summary>
    public static byte[] Xlsx()
    {
        using var output = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var worksheet = workbook.AddNewPart<WorksheetPart>();
            worksheet.Worksheet = new Worksheet(new SheetData(new Row(new Cell { CellReference = "A1", CellValue = new CellValue(42), DataType = CellValues.Number }) { RowIndex = 1 }));
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(worksheet), SheetId = 1, Name = "Ledger" }));
        }

        return output.ToArray();
    }

    /// <summary>A PPTX package with a presentation part (no slides), written by the OpenXml SDK.</summary>
    public static byte[] Pptx()
    {
        using var output = new MemoryStream();
        using (var document = PresentationDocument.Create(output, PresentationDocumentType.Presentation))
        {
            var presentation = document.AddPresentationPart();
            presentation.Presentation = new Presentation(
                new SlideIdList(),
                new SlideSize { Cx = 9144000, Cy = 6858000 },
                new NotesSize { Cx = 6858000, Cy = 9144000 });
        }

        return output.ToArray();
    }

    /// <summary>An ID3v2.3 tag with a title, then three silent MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz).</summary>
    public static byte[] Mp3()
    {
        var title = "\0Exhibit C"u8; // encoding byte 0 (Latin-1), then the text
        var frame = new List<byte>();
        frame.AddRange("TIT2"u8.ToArray());
        frame.AddRange([0, 0, 0, (byte)title.Length, 0, 0]);
        frame.AddRange(title.ToArray());
        var bytes = new List<byte>();
        bytes.AddRange([.. "ID3"u8, 3, 0, 0, 0, 0, 0, (byte)frame.Count]);
        bytes.AddRange(frame);
        for (var i = 0; i < 3; i++)
        {
            bytes.AddRange([0xFF, 0xFB, 0x90, 0x00]); // 144 * 128000 / 44100 = 417 bytes per frame
            bytes.AddRange(new byte[417 - 4]);
        }

        return [.. bytes];
    }

    /// <summary>ISO base media: 'ftyp' (isom), 'moov' with a version-0 'mvhd', and an empty 'mdat'.</summary>
    public static byte[] Mp4()
    {
        var mvhd = new byte[108];
        BinaryPrimitives.WriteUInt32BigEndian(mvhd, 108);
        "mvhd"u8.CopyTo(mvhd.AsSpan(4));
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(20), 1000); // timescale
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(28), 0x00010000); // rate 1.0
        BinaryPrimitives.WriteUInt16BigEndian(mvhd.AsSpan(32), 0x0100); // volume 1.0
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(44), 0x00010000); // unity matrix
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(60), 0x00010000);
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(76), 0x40000000);
        BinaryPrimitives.WriteUInt32BigEndian(mvhd.AsSpan(104), 1); // next track id
        return [.. Box("ftyp", [.. "isom"u8, 0, 0, 2, 0, .. "isom"u8, .. "iso2"u8, .. "mp41"u8]), .. Box("moov", mvhd), .. Box("mdat", [])];
    }

    /// <summary>A mono 16-bit PCM WAV at 8 kHz holding eight silent samples.</summary>
    public static byte[] Wav()
    {
        var fmt = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, 1); // PCM
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(4), 8000);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(8), 16000);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), 16);
        return Riff([.. RiffChunk("fmt ", fmt), .. RiffChunk("data", new byte[16])]);
    }

    /// <summary>UTF-8 text with non-ASCII characters.</summary>
    public static byte[] Text() => Encoding.UTF8.GetBytes("Witness statement \u2013 S\u00e3o Paulo, 3 May.\r\nSigned: \u00c5sa M\u00fcller \u2713\n");

    /// <summary>The UTF-8 text with a UTF-8 byte order mark.</summary>
    public static byte[] TextWithBom() => [0xEF, 0xBB, 0xBF, .. Text()];

    /// <summary>UTF-8 CSV with a quoted field and a non-ASCII name.</summary>
    public static byte[] Csv() => Encoding.UTF8.GetBytes("exhibit,description,seized_by\n1,\"Phone, black\",J\u00fcrgen\n2,Laptop,Zo\u00eb\n");

    /// <summary>A plain-text e-mail with the usual headers.</summary>
    public static byte[] Eml() => Encoding.ASCII.GetBytes(
        "From: Detective Jones <jones@police.example>\r\n" +
        "To: Clerk <clerk@court.example>\r\n" +
        "Subject: Exhibit D\r\n" +
        "Date: Tue, 03 Jun 2025 10:15:00 +0000\r\n" +
        "Message-ID: <exhibit-d@police.example>\r\n" +
        "MIME-Version: 1.0\r\n" +
        "Content-Type: text/plain; charset=us-ascii\r\n" +
        "\r\n" +
        "Please find the statement attached.\r\n");

    // ---- hostile files ----

    /// <summary>A PDF with a Standard-handler /Encrypt dictionary whose /U matches the empty user password.</summary>
    public static byte[] EncryptedPdf() => EncryptedPdfWith(validUserEntry: true);

    /// <summary>A PDF with an /Encrypt dictionary that the empty password does not unlock.</summary>
    public static byte[] EncryptedPdfNeedingPassword() => EncryptedPdfWith(validUserEntry: false);

    /// <summary>The valid PDF cut in half: no xref, no trailer.</summary>
    public static byte[] TruncatedPdf()
    {
        var pdf = Pdf();
        return pdf[..(pdf.Length / 2)];
    }

    /// <summary>A complete PDF whose startxref offset points into the middle of an object (PdfPig would silently repair it).</summary>
    public static byte[] PdfWithBrokenXrefPointer()
    {
        var text = Encoding.Latin1.GetString(Pdf());
        var at = text.LastIndexOf("startxref", StringComparison.Ordinal);
        var end = text.IndexOf("%%EOF", at, StringComparison.Ordinal);
        return Encoding.Latin1.GetBytes(text[..at] + "startxref\n20\n" + text[end..]);
    }

    /// <summary>A real (small) decompression bomb: 20 MiB of zeros in one entry, about 20 KiB compressed.</summary>
    public static byte[] ZipBombDocx() => ZipBytes.Create([("[Content_Types].xml", new byte[20 * 1024 * 1024])]);

    /// <summary>A tiny zip whose directory claims its one entry inflates to almost 4 GiB.</summary>
    public static byte[] ZipClaimingHugeSize() =>
        ZipBytes.WithDeclaredUncompressedSize(ZipBytes.Create([("word/document.xml", new byte[64 * 1024])]), 0xFFFF_FFF0);

    /// <summary>A zip whose entry declares 1,000 bytes but inflates to 2 MiB (ratio checks see nothing wrong).</summary>
    public static byte[] ZipWithLyingSizes() =>
        ZipBytes.WithDeclaredUncompressedSize(ZipBytes.Create([("[Content_Types].xml", new byte[2 * 1024 * 1024])]), 1000);

    /// <summary>A zip of 10,001 empty entries: one more than the default limit.</summary>
    public static byte[] ZipWithTooManyEntries() =>
        ZipBytes.Create(Enumerable.Range(0, 10_001).Select(i => ($"x/{i}", Array.Empty<byte>())));

    /// <summary>A zip of ordinary files with no [Content_Types].xml: not an OOXML package.</summary>
    public static byte[] PlainZip() =>
        ZipBytes.Create([("notes.txt", Text()), ("photo.png", Png())]);

    /// <summary>A compound file as Office writes password-protected OOXML: EncryptionInfo and EncryptedPackage streams.</summary>
    public static byte[] OleEncryptedDocx() => CompoundFile("EncryptionInfo", "EncryptedPackage");

    /// <summary>A compound file shaped like a legacy binary Word document.</summary>
    public static byte[] LegacyOleDocument() => CompoundFile("WordDocument", "1Table");

    /// <summary>Text with an invalid UTF-8 sequence (C3 28) in the middle.</summary>
    public static byte[] InvalidUtf8Text() => [.. "Statement of "u8, 0xC3, 0x28, .. " witness\n"u8];

    /// <summary>Valid text whose last character is cut after two of its three bytes.</summary>
    public static byte[] TextEndingMidCharacter() => [.. Text(), 0xE2, 0x82];

    /// <summary>Otherwise valid text with a NUL byte.</summary>
    public static byte[] TextWithNul() => [.. "Statement"u8, 0x00, .. " of witness\n"u8];

    /// <summary>A "CSV" holding control bytes: binary data with a text label.</summary>
    public static byte[] BinaryCsv() => [.. "a,b\n1,"u8, 0x01, 0x02, 0x1B, .. "\n"u8];

    /// <summary>The valid JPEG without its end-of-image marker.</summary>
    public static byte[] TruncatedJpeg() => Jpeg()[..^2];

    /// <summary>A TIFF whose first IFD offset points past the end of the file.</summary>
    public static byte[] TiffWithBadIfd()
    {
        var tiff = Tiff();
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 100_000);
        return tiff;
    }

    /// <summary>ftyp and mdat but no moov: unplayable.</summary>
    public static byte[] Mp4WithoutMoov() => [.. Box("ftyp", [.. "isom"u8, 0, 0, 2, 0, .. "isom"u8]), .. Box("mdat", new byte[32])];

    /// <summary>RIFF/WAVE with a data chunk but no fmt chunk.</summary>
    public static byte[] WavWithoutFmt() => Riff(RiffChunk("data", new byte[16]));

    /// <summary>An ID3 tag followed by bytes that are not MPEG audio frames.</summary>
    public static byte[] Mp3TagOnly() => [.. "ID3"u8, 3, 0, 0, 0, 0, 0, 0, .. Encoding.ASCII.GetBytes(new string('x', 600))];

    /// <summary>Text with no header lines at all.</summary>
    public static byte[] GarbageEml() => Encoding.ASCII.GetBytes("this is not an e-mail\njust some words\n\nand more words\n");

    // ---- helpers ----

    private static byte[] EncryptedPdfWith(bool validUserEntry)
    {
        var owner = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();
        var id = Enumerable.Range(0, 16).Select(i => (byte)(0xA0 + i)).ToArray();
        const int permissions = -4;
        var user = validUserEntry
            ? PdfEncryption.UserEntryForEmptyPassword(owner, permissions, id)
            : Enumerable.Repeat((byte)0x55, 32).ToArray();
        return PdfBytes.Build(
            [
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
                $"<< /Filter /Standard /V 1 /R 2 /O <{Convert.ToHexString(owner)}> /U <{Convert.ToHexString(user)}> /P {permissions} >>",
            ],
            $"/Encrypt 4 0 R /ID [<{Convert.ToHexString(id)}> <{Convert.ToHexString(id)}>]");
    }

    private static void WritePngChunk(Stream output, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)data.Length);
        output.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        output.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.HashToUInt32(typeAndData));
        output.Write(crc);
    }

    private static byte[] Box(string type, byte[] payload)
    {
        var box = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(box, 4);
        payload.CopyTo(box, 8);
        return box;
    }

    private static byte[] RiffChunk(string id, byte[] data)
    {
        var chunk = new byte[8 + data.Length + (data.Length & 1)];
        Encoding.ASCII.GetBytes(id).CopyTo(chunk, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), (uint)data.Length);
        data.CopyTo(chunk, 8);
        return chunk;
    }

    private static byte[] Riff(byte[] chunks)
    {
        var riff = new byte[12 + chunks.Length];
        "RIFF"u8.CopyTo(riff);
        BinaryPrimitives.WriteUInt32LittleEndian(riff.AsSpan(4), (uint)(4 + chunks.Length));
        "WAVE"u8.CopyTo(riff.AsSpan(8));
        chunks.CopyTo(riff, 12);
        return riff;
    }

    // A version-3 compound file: header, one FAT sector, one directory sector with a root and two empty streams.
    private static byte[] CompoundFile(string firstStream, string secondStream)
    {
        const uint endOfChain = 0xFFFFFFFE;
        const uint freeSector = 0xFFFFFFFF;
        const uint fatSector = 0xFFFFFFFD;
        var file = new byte[512 * 3];
        var header = file.AsSpan(0, 512);
        ((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[24..], 0x003E); // minor version
        BinaryPrimitives.WriteUInt16LittleEndian(header[26..], 0x0003); // major version 3
        BinaryPrimitives.WriteUInt16LittleEndian(header[28..], 0xFFFE); // little-endian
        BinaryPrimitives.WriteUInt16LittleEndian(header[30..], 9); // 512-byte sectors
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], 6); // 64-byte mini sectors
        BinaryPrimitives.WriteUInt32LittleEndian(header[44..], 1); // one FAT sector
        BinaryPrimitives.WriteUInt32LittleEndian(header[48..], 1); // directory starts at sector 1
        BinaryPrimitives.WriteUInt32LittleEndian(header[56..], 4096); // mini stream cutoff
        BinaryPrimitives.WriteUInt32LittleEndian(header[60..], endOfChain); // no mini FAT
        BinaryPrimitives.WriteUInt32LittleEndian(header[68..], endOfChain); // no DIFAT sectors
        BinaryPrimitives.WriteUInt32LittleEndian(header[76..], 0); // DIFAT[0]: FAT is sector 0
        for (var i = 1; i < 109; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header[(76 + (i * 4))..], freeSector);
        }

        var fat = file.AsSpan(512, 512);
        for (var i = 0; i < 128; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(fat[(i * 4)..], freeSector);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(fat, fatSector);
        BinaryPrimitives.WriteUInt32LittleEndian(fat[4..], endOfChain);
        var directory = file.AsSpan(1024, 512);
        WriteDirectoryEntry(directory[..128], "Root Entry", type: 5, leftSibling: freeSector, rightSibling: freeSector, child: 1);
        WriteDirectoryEntry(directory[128..256], firstStream, type: 2, leftSibling: freeSector, rightSibling: 2, child: freeSector);
        WriteDirectoryEntry(directory[256..384], secondStream, type: 2, leftSibling: freeSector, rightSibling: freeSector, child: freeSector);
        return file;
    }

    private static void WriteDirectoryEntry(Span<byte> entry, string name, byte type, uint leftSibling, uint rightSibling, uint child)
    {
        var nameBytes = Encoding.Unicode.GetBytes(name + "\0");
        nameBytes.CopyTo(entry);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[64..], (ushort)nameBytes.Length);
        entry[66] = type;
        entry[67] = 1; // black
        BinaryPrimitives.WriteUInt32LittleEndian(entry[68..], leftSibling);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[72..], rightSibling);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[76..], child);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[116..], 0xFFFFFFFE); // start sector: none (empty stream)
    }
}
