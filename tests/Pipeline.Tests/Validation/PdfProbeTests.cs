using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pipeline.Tests.TestFiles;
using Pipeline.Validation;
using Pipeline.Content;

namespace Pipeline.Tests.Validation;

/// <summary>The PDF check runs PdfPig in a child process: a parser that crashes or hangs costs that process, never this one.</summary>
public sealed class PdfProbeTests
{
    // Twice the ~32,000 levels the probe's 8 MiB parser stack holds: 6 MB, and about 3 s until the probe crashes.
    private const int OverflowingDepth = 60_000;

    // The crash takes seconds on an idle machine and far longer on a loaded CI runner; the default one-minute timeout
    // would then turn "crashed" into "timed out". These tests are about the crash, so they wait for it.
    private static readonly ValidationOptions PatientProbe = new() { PdfProbeTimeout = TimeSpan.FromMinutes(10) };

    [Fact]
    public async Task ValidateContentAsync_PageTreeDeeperThanTheParserStack_MalformedBecauseTheParserCrashed()
    {
        var bytes = PdfBytes.DeepPageTree(OverflowingDepth);

        var reason = Assert.Single(await Validators.ValidateBytesAsync(bytes, MediaTypes.Pdf, PatientProbe));

        Assert.Equal(ReasonCodes.Malformed, reason.Code);
        Assert.Matches(@"^PDF: the parser crashed \(exit code \d+\)$", reason.Detail);
    }

    [Fact]
    public async Task ValidateContentAsync_SpooledFileWithDeepPageTree_ReadInPlaceAndMalformed()
    {
        var path = await WriteTempFileAsync(PdfBytes.DeepPageTree(OverflowingDepth));
        await using var spool = OpenLikeTheSpool(path);

        var reason = Assert.Single(await Validators.Create(PatientProbe).ValidateContentAsync(spool, MediaTypes.Pdf));

        Assert.Equal(ReasonCodes.Malformed, reason.Code);
        Assert.Contains("crashed", reason.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateContentAsync_PageTreeAFewHundredLevelsDeep_StillAccepted()
    {
        Assert.Empty(await Validators.ValidateBytesAsync(PdfBytes.DeepPageTree(500), MediaTypes.Pdf));
    }

    [Fact]
    public async Task ValidateContentAsync_SpooledFile_AcceptedAndLeftUsable()
    {
        var bytes = SampleFiles.Pdf();
        var path = await WriteTempFileAsync(bytes);
        await using var spool = OpenLikeTheSpool(path);

        Assert.Empty(await Validators.Create().ValidateContentAsync(spool, MediaTypes.Pdf));

        spool.Position = 0;
        var after = new byte[bytes.Length];
        await spool.ReadExactlyAsync(after);
        Assert.Equal(bytes, after);
    }

    [Fact]
    public async Task ValidateContentAsync_FileNoOtherProcessMayOpen_CopiedAndChecked()
    {
        var path = await WriteTempFileAsync(SampleFiles.EncryptedPdfNeedingPassword());
        await using var locked = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 4096, FileOptions.DeleteOnClose);

        var reason = Assert.Single(await Validators.Create().ValidateContentAsync(locked, MediaTypes.Pdf));

        Assert.Equal(ReasonCodes.Encrypted, reason.Code);
    }

    [Fact]
    public async Task InspectFileAsync_ParserNeverFinishes_KilledAndReportedAsTimedOut()
    {
        if (!TryMakeFifo(out var fifo))
        {
            return;
        }

        // Opening a FIFO nobody writes to blocks forever: a hang after the probe has started.
        var probe = new PdfProbe(new ValidationOptions { PdfProbeTimeout = TimeSpan.FromSeconds(8) }, NullLogger.Instance);
        var clock = Stopwatch.StartNew();

        var result = await probe.InspectFileAsync(fifo);

        Assert.Equal(PdfParseOutcome.TimedOut, result.Outcome);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(30));
        var reason = PdfCheck.Decide(result, tailReason: null);
        Assert.Equal(ReasonCodes.Malformed, reason?.Code);
        Assert.Equal("PDF: the parser timed out after 00:00:08", reason?.Detail);
        Assert.False(ProbeStillRunning(fifo), "the timed-out probe is still running");
        File.Delete(fifo);
    }

    [Fact]
    public async Task InspectFileAsync_Cancelled_KillsTheProbeAndThrows()
    {
        if (!TryMakeFifo(out var fifo))
        {
            return;
        }

        var probe = new PdfProbe(new ValidationOptions(), NullLogger.Instance);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => probe.InspectFileAsync(fifo, cancellation.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.False(ProbeStillRunning(fifo), "the cancelled probe is still running");
        File.Delete(fifo);
    }

    [Fact]
    public async Task ValidateContentAsync_ProbeMissing_ThrowsInsteadOfRejecting()
    {
        var validator = new UploadValidator(
            Options.Create(new ValidationOptions()),
            NullLogger<UploadValidator>.Instance,
            Path.Combine(Path.GetTempPath(), "no-such-dir", PdfProbe.AssemblyFileName));
        using var stream = new MemoryStream(SampleFiles.Pdf());

        await Assert.ThrowsAsync<PdfProbeException>(() => validator.ValidateContentAsync(stream, MediaTypes.Pdf));
    }

    [Fact]
    public async Task InspectFileAsync_FileVanished_ThrowsInsteadOfRejecting()
    {
        var probe = new PdfProbe(new ValidationOptions(), NullLogger.Instance);

        var error = await Assert.ThrowsAsync<PdfProbeException>(
            () => probe.InspectFileAsync(Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.pdf")));

        Assert.Contains("FileNotFoundException", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_OpenedWithJavaScript_ActiveContentNamingIt()
    {
        var reason = PdfCheck.Decide(new PdfParseResult(PdfParseOutcome.Opened, Pages: 1, ActiveContent: "a JavaScript action in object 4 0"), tailReason: null);

        Assert.Equal(ReasonCodes.ActiveContent, reason!.Code);
        Assert.Contains("a JavaScript action in object 4 0", reason.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_CrashOnAFileWithABrokenTrailer_ReportsTheTrailer()
    {
        var trailer = new RejectionReason(ReasonCodes.Malformed, "PDF: no %%EOF marker in the last 1024 bytes; the file is truncated");

        var reason = PdfCheck.Decide(new PdfParseResult(PdfParseOutcome.Crashed, Message: "the parser crashed (exit code 134)"), trailer);

        Assert.Same(trailer, reason);
    }

    [Fact]
    public void ValidationOptions_Defaults_OneMinuteAnd384Mebibytes()
    {
        var options = new ValidationOptions();

        Assert.Equal(TimeSpan.FromMinutes(1), options.PdfProbeTimeout);
        Assert.Equal(384, options.PdfProbeMaxMemoryMegabytes);
    }

    // As UploadSpool opens its temp file: read-write, shared for reading only, deleted on close.
    private static FileStream OpenLikeTheSpool(string path) =>
        new(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, 4096, FileOptions.DeleteOnClose | FileOptions.Asynchronous);

    private static async Task<string> WriteTempFileAsync(byte[] bytes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pdf-probe-test-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, bytes);
        return path;
    }

    private static bool TryMakeFifo(out string path)
    {
        path = Path.Combine(Path.GetTempPath(), $"pdf-probe-fifo-{Guid.NewGuid():N}");
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        return mkfifo.ExitCode == 0;
    }

    [Theory]
    [InlineData(134, "Stack overflow.\n   at UglyToad.PdfPig...", true)]
    [InlineData(134, "", false)]
    [InlineData(134, "Unhandled exception. System.IO.FileNotFoundException: Could not load file or assembly 'UglyToad.PdfPig'", false)]
    [InlineData(1, "Unhandled exception. System.OutOfMemoryException", true)]
    [InlineData(137, "", false)]
    [InlineData(143, "", false)]
    [InlineData(1, "something else failed", false)]
    public void IsParserDeath_ExitAndError_OnlyDeathsTheFileCausedAreVerdicts(int exitCode, string error, bool expected)
    {
        // SIGKILL (OOM killer), SIGTERM (shutdown) and unknown failures are retried, never a final rejection.
        Assert.Equal(expected, PdfProbe.IsParserDeath(exitCode, error));
    }

    /// <summary>Whether any process's command line names <paramref name="path"/> (Linux /proc; the probe gets it as an argument).</summary>
    private static bool ProbeStillRunning(string path)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline"));
                if (commandLine.Contains(path, StringComparison.Ordinal))
                {
                    return true;
                }
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
            catch (UnauthorizedAccessException)
            {
                // Another user's process: not ours.
            }
        }

        return false;
    }
}
