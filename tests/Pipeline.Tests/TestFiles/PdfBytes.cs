using System.Globalization;
using System.Text;

namespace Pipeline.Tests.TestFiles;

/// <summary>Writes a small PDF from object bodies with a correct xref table, for layouts PdfDocumentBuilder cannot make.</summary>
internal static class PdfBytes
{
    public static byte[] Build(IReadOnlyList<string> objects, string trailerExtras)
    {
        var text = new StringBuilder("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(text.Length); // Latin-1: one byte per character
            text.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = text.Length;
        text.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            text.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        text.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R {trailerExtras} >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(text.ToString());
    }

    /// <summary>
    /// A one-page PDF whose page tree is a chain of <paramref name="depth"/> nested /Pages nodes, with a correct xref:
    /// PdfPig 0.1.16 walks it recursively without a depth limit, so a deep enough chain overflows the stack.
    /// </summary>
    public static byte[] DeepPageTree(int depth)
    {
        var objects = new List<string>(depth + 2) { "<< /Type /Catalog /Pages 2 0 R >>" };
        for (var node = 2; node <= depth + 1; node++)
        {
            var parent = node == 2 ? string.Empty : $" /Parent {node - 1} 0 R";
            objects.Add($"<< /Type /Pages /Kids [{node + 1} 0 R] /Count 1{parent} >>");
        }

        objects.Add($"<< /Type /Page /Parent {depth + 1} 0 R /MediaBox [0 0 612 792] >>");
        return Build(objects, string.Empty);
    }
}
