using System.Text.Json;

namespace Pipeline.Validation;

/// <summary>
/// The PDF probe process (Pipeline.PdfProbe's Main): <c>dotnet exec Pipeline.PdfProbe.dll &lt;file&gt;</c> writes
/// <see cref="Handshake"/> on one line, then the <see cref="PdfParseResult"/> for the file as one line of JSON, and
/// exits 0. If it dies in between (stack overflow, out of memory), the parent sees the handshake without a result.
/// </summary>
internal static class PdfProbeProgram
{
    /// <summary>The first line the probe writes, before it touches the file: proof that it started.</summary>
    public const string Handshake = "pipeline-pdf-probe/1";

    /// <summary>
    /// The stack PdfPig runs on: 8 MiB, the Linux default the check had when it ran in-process (page trees about
    /// 30,000 levels deep still open; real documents have a handful). Fixed, so the depth at which a hostile page
    /// tree overflows does not depend on the platform's default thread stack.
    /// </summary>
    public const int ParserStackBytes = 8 * 1024 * 1024;

    /// <summary>Exit code when the arguments are wrong.</summary>
    public const int UsageExitCode = 2;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Length != 1 || string.IsNullOrWhiteSpace(args[0]))
        {
            error.WriteLine("usage: Pipeline.PdfProbe <pdf-file>");
            return UsageExitCode;
        }

        output.WriteLine(Handshake);
        output.Flush();

        PdfParseResult? result = null;
        var parser = new Thread(() => result = InspectFile(args[0]), ParserStackBytes) { Name = "pdf-probe" };
        parser.Start();
        parser.Join();

        output.WriteLine(JsonSerializer.Serialize(result!, PdfProbeJsonContext.Default.PdfParseResult));
        output.Flush();
        return 0;
    }

    private static PdfParseResult InspectFile(string path)
    {
        FileStream file;
        try
        {
            // The parent may still hold the file open for writing (the upload spool) and will delete it on close.
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.RandomAccess);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return new PdfParseResult(PdfParseOutcome.ReadFailed, Message: $"{ex.GetType().Name}: {ex.Message}");
        }

        using (file)
        {
            var guarded = new FaultRecordingStream(file);
            var result = PdfStructure.Inspect(guarded);
            return guarded.Fault is null
                ? result
                : new PdfParseResult(PdfParseOutcome.ReadFailed, Message: $"{guarded.Fault.GetType().Name}: {guarded.Fault.Message}");
        }
    }
}
