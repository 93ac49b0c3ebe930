namespace Pipeline.Infra.Tests;

/// <summary>Exit code and output of one bicep CLI run.</summary>
public sealed record BicepResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>
    /// Every diagnostic line bicep printed, whatever its level (`bicep lint` exits 0 on warnings,
    /// so the exit code alone proves nothing). A successful lint or build prints nothing at all.
    /// </summary>
    public IReadOnlyList<string> Diagnostics =>
        (StandardError + "\n" + StandardOutput)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToList();
}
