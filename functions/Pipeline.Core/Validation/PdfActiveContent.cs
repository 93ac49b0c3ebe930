using UglyToad.PdfPig;
using UglyToad.PdfPig.Tokens;

namespace Pipeline.Validation;

/// <summary>
/// Finds what a PDF would run or launch when opened: JavaScript (an action with <c>/S /JavaScript</c>, any <c>/JS</c>
/// entry, a <c>/JavaScript</c> name tree), <c>/Launch</c> actions (open a file or program), and RichMedia (Flash).
/// Walks every object in the cross-reference table, as PdfPig parsed it, so escaped names (<c>/J#61vaScript</c>) and
/// objects inside compressed object streams are seen as a reader sees them. Embedded files and forms are not active
/// content: a reader does not open or run them by itself. Runs inside the PDF probe process (see <see cref="PdfStructure"/>).
/// </summary>
internal static class PdfActiveContent
{
    private static readonly HashSet<string> ActiveActions = new(StringComparer.Ordinal) { "JavaScript", "Launch", "RichMediaExecute" };

    /// <summary>A description of the first active content found, or null when there is none.</summary>
    public static string? Find(PdfDocument document)
    {
        foreach (var reference in document.Structure.CrossReferenceTable.ObjectOffsets.Keys)
        {
            var found = Find(document.Structure.GetObject(reference).Data);
            if (found is not null)
            {
                return $"{found} in object {reference.ObjectNumber} {reference.Generation}";
            }
        }

        return null;
    }

    /// <summary>Walks one object's tokens without recursion (a hostile file can nest arrays and dictionaries deeply).</summary>
    private static string? Find(IToken root)
    {
        var pending = new Stack<IToken>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case StreamToken stream:
                    pending.Push(stream.StreamDictionary);
                    break;
                case ArrayToken array:
                    foreach (var item in array.Data)
                    {
                        pending.Push(item);
                    }

                    break;
                case DictionaryToken dictionary:
                    foreach (var (key, value) in dictionary.Data)
                    {
                        if (key == "JS")
                        {
                            return "a JavaScript action";
                        }

                        if (key == "JavaScript")
                        {
                            return "a document-level JavaScript name tree";
                        }

                        if (key == "S" && value is NameToken action && ActiveActions.Contains(action.Data))
                        {
                            return $"a {action.Data} action";
                        }

                        if (key == "Subtype" && value is NameToken { Data: "RichMedia" })
                        {
                            return "a RichMedia (Flash) annotation";
                        }

                        pending.Push(value);
                    }

                    break;
            }
        }

        return null;
    }
}
