using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pipeline.Validation;
using UglyToad.PdfPig;

namespace Pipeline.Bench;

/// <summary>
/// What isolating PdfPig in a child process costs per PDF: the whole content check (trailer checks plus the probe
/// process) against its peer, PdfPig opening the same file in this process. No target: the ratio is what a PDF
/// ingest pays for surviving a hostile file, reported so a change to the probe shows up.
/// </summary>
internal static class PdfCheckBench
{
    public static async Task RunAsync(string pdfPath, int rounds)
    {
        var bytes = await File.ReadAllBytesAsync(pdfPath);
        var validator = new UploadValidator(Options.Create(new ValidationOptions()), NullLogger<UploadValidator>.Instance);
        var spool = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(spool, bytes);
        try
        {
            await CheckAsync(validator, spool); // warm up both paths
            OpenInProcess(bytes);
            var probe = Stopwatch.StartNew();
            for (var i = 0; i < rounds; i++)
            {
                await CheckAsync(validator, spool);
            }

            probe.Stop();
            var inProcess = Stopwatch.StartNew();
            for (var i = 0; i < rounds; i++)
            {
                OpenInProcess(bytes);
            }

            inProcess.Stop();
            var probeMs = probe.Elapsed.TotalMilliseconds / rounds;
            var peerMs = inProcess.Elapsed.TotalMilliseconds / rounds;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"pdf: {Path.GetFileName(pdfPath)} ({bytes.Length:N0} B), {rounds} rounds: content check with the probe {probeMs:F1} ms, PdfPig in-process {peerMs:F2} ms; the isolation costs {probeMs - peerMs:F1} ms per PDF"));
        }
        finally
        {
            File.Delete(spool);
        }
    }

    private static async Task CheckAsync(UploadValidator validator, string path)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var reasons = await validator.ValidateContentAsync(file, "application/pdf");
        if (reasons.Count > 0)
        {
            throw new InvalidOperationException($"The benchmark PDF was rejected: {reasons[0].Code} {reasons[0].Detail}");
        }
    }

    private static void OpenInProcess(byte[] bytes)
    {
        using var document = PdfDocument.Open(bytes, new ParsingOptions { UseLenientParsing = false, SkipMissingFonts = true });
        GC.KeepAlive(document.NumberOfPages);
    }
}
