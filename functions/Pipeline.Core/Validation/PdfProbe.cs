using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Pipeline.Validation;

/// <summary>
/// Runs the PdfPig part of the PDF check (<see cref="PdfStructure"/>) in a child process, the PDF probe
/// (<c>dotnet exec Pipeline.PdfProbe.dll &lt;file&gt;</c>, see <see cref="PdfProbeProgram"/>), so that a stack
/// overflow, out-of-memory or hang inside the parser costs one child process, never the host. A child that dies
/// before reporting is <see cref="PdfParseOutcome.Crashed"/>; one that reports nothing within
/// <see cref="ValidationOptions.PdfProbeTimeout"/> is killed with its whole process tree and is
/// <see cref="PdfParseOutcome.TimedOut"/>. A probe that cannot run at all throws <see cref="PdfProbeException"/>.
/// Thread-safe.
/// </summary>
internal sealed partial class PdfProbe
{
    /// <summary>The probe's file name; every host references Pipeline.PdfProbe, which puts it beside Pipeline.Core.dll.</summary>
    public const string AssemblyFileName = "Pipeline.PdfProbe.dll";

    // The probe writes two short lines; anything more is noise and is read but not kept.
    private const int MaxOutputBytes = 64 * 1024;

    // A stack overflow writes megabytes of repeated frames to stderr; the head is enough for the log.
    private const int MaxErrorBytes = 4 * 1024;

    // After the child exits (or is killed), how long its pipes may take to reach end of file.
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    /// <summary>What the child needs to find its runtime and a temp folder; nothing else of the host's environment.</summary>
    private static readonly HashSet<string> InheritedVariables = new(
        [
            "PATH", "HOME", "TMPDIR", "TMP", "TEMP", "LANG", "LC_ALL", "LD_LIBRARY_PATH", "SYSTEMROOT", "USERPROFILE",
            "DOTNET_ROOT", "DOTNET_ROOT_X64", "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "DOTNET_SYSTEM_GLOBALIZATION_PREDEFINED_CULTURES_ONLY",
        ],
        OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);

    private readonly TimeSpan _timeout;
    private readonly int _maxMemoryMegabytes;
    private readonly string _probePath;
    private readonly ILogger _logger;

    /// <summary>Creates the runner.</summary>
    /// <param name="options">Supplies the timeout and the child's memory limit.</param>
    /// <param name="logger">Where crashes and timeouts are logged.</param>
    /// <param name="probePath">The probe dll; by default <see cref="AssemblyFileName"/> beside this assembly.</param>
    public PdfProbe(ValidationOptions options, ILogger logger, string? probePath = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _timeout = options.PdfProbeTimeout;
        _maxMemoryMegabytes = options.PdfProbeMaxMemoryMegabytes;
        _probePath = probePath ?? DefaultProbePath();
        _logger = logger;
    }

    /// <summary>
    /// Inspects the PDF on <paramref name="content"/>. When <paramref name="backingFile"/> is the file under the
    /// stream (the upload spool) and another process can read it, the probe reads it in place; otherwise the
    /// content is first copied to a temp file (deleted afterwards).
    /// </summary>
    /// <param name="content">The content; seekable. Read only when it has to be copied.</param>
    /// <param name="backingFile">The file stream the content came from, if any.</param>
    /// <param name="cancellationToken">Cancels the check and kills the probe.</param>
    public async Task<PdfParseResult> InspectAsync(Stream content, FileStream? backingFile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (backingFile is not null && IsReadableInPlace(backingFile, content.Length))
        {
            return await InspectFileAsync(backingFile.Name, cancellationToken);
        }

        var path = Path.Combine(Path.GetTempPath(), $"pipeline-pdf-{Guid.NewGuid():N}.pdf");
        FileStream copy;
        try
        {
            copy = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PdfProbeException("Could not create a temp file for the PDF probe.", ex);
        }

        await using (copy)
        {
            content.Position = 0;
            await content.CopyToAsync(copy, cancellationToken);
            await copy.FlushAsync(cancellationToken);
            return await InspectFileAsync(path, cancellationToken);
        }
    }

    /// <summary>Runs the probe on a file on disk.</summary>
    public async Task<PdfParseResult> InspectFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        cancellationToken.ThrowIfCancellationRequested();
        if (!File.Exists(_probePath))
        {
            throw new PdfProbeException($"The PDF probe {_probePath} is missing: the host must reference Pipeline.PdfProbe so that it is built beside Pipeline.Core.dll.");
        }

        using var process = new Process { StartInfo = StartInfo(path) };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException or IOException or PlatformNotSupportedException)
        {
            throw new PdfProbeException($"Could not start the PDF probe with {process.StartInfo.FileName}.", ex);
        }

        var output = new BoundedBuffer(MaxOutputBytes);
        var error = new BoundedBuffer(MaxErrorBytes);
        var outputDrained = output.DrainAsync(process.StandardOutput.BaseStream);
        var errorDrained = error.DrainAsync(process.StandardError.BaseStream);
        var timedOut = false;
        try
        {
            CloseQuietly(process.StandardInput);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                timedOut = true;
            }
        }
        finally
        {
            // Timeout, cancellation or any failure here: the child must not outlive the check.
            KillTree(process);
        }

        await WhenDrained(outputDrained, errorDrained);
        return Interpret(output.Text(), error.Text(), timedOut ? null : process.ExitCode);
    }

    private PdfParseResult Interpret(string output, string error, int? exitCode)
    {
        var lines = output.Split('\n', 3);
        var started = lines.Length > 1 && lines[0].TrimEnd('\r') == PdfProbeProgram.Handshake;
        if (!started)
        {
            // Nothing of the file was read yet: the runtime, the probe or the machine failed, not the upload.
            throw new PdfProbeException(exitCode is null
                ? $"The PDF probe did not start within {_timeout:c}."
                : $"The PDF probe exited with code {exitCode} before starting: {error.Trim()}");
        }

        if (exitCode is null)
        {
            LogProbeTimedOut(_timeout);
            return new PdfParseResult(PdfParseOutcome.TimedOut, Message: string.Create(CultureInfo.InvariantCulture, $"the parser timed out after {_timeout:c}"));
        }

        var result = exitCode == 0 ? TryParse(lines[1]) : null;
        if (result is null)
        {
            if (!IsParserDeath(exitCode.Value, error))
            {
                // Killed from outside (the OOM killer's SIGKILL, SIGTERM at shutdown) or an unknown failure: not a
                // verdict on the bytes. A rejection is final, so the ingest fails and is retried instead.
                throw new PdfProbeException($"The PDF probe ended with exit code {exitCode} without a result: {UntrustedText.Bound(error.Trim(), 500)}");
            }

            LogProbeCrashed(exitCode.Value, error);
            return new PdfParseResult(PdfParseOutcome.Crashed, Message: string.Create(CultureInfo.InvariantCulture, $"the parser crashed (exit code {exitCode})"));
        }

        switch (result.Outcome)
        {
            case PdfParseOutcome.ReadFailed:
                throw new PdfProbeException($"The PDF probe could not read the file: {result.Message}");
            case PdfParseOutcome.Failed:
                LogParserFailed(result.Message ?? string.Empty);
                break;
        }

        return result;
    }

    /// <summary>
    /// A death the file caused, told by what the runtime printed: its stack-overflow abort ("Stack overflow", exit code
    /// 134) or an out-of-memory under the child's own heap limit. A bare 134 is any unhandled exception (e.g. PdfPig
    /// failing to load from a broken deployment): not a verdict on the bytes.
    /// </summary>
    internal static bool IsParserDeath(int exitCode, string error) =>
        exitCode != 0
        && (error.Contains("Stack overflow", StringComparison.Ordinal) || error.Contains("OutOfMemoryException", StringComparison.Ordinal));

    private static PdfParseResult? TryParse(string line)
    {
        try
        {
            var result = JsonSerializer.Deserialize(line.Trim(), PdfProbeJsonContext.Default.PdfParseResult);
            return result?.Outcome is PdfParseOutcome.Crashed or PdfParseOutcome.TimedOut ? null : result;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
