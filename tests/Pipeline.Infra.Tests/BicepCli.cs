using System.Diagnostics;

namespace Pipeline.Infra.Tests;

/// <summary>Runs the Bicep CLI restored from the Azure.Bicep.CommandLine.linux-x64 NuGet package.</summary>
public static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static BicepResult Run(string workingDirectory, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var executable = InfraPaths.BicepExecutable;
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException(
                "The Bicep CLI is not in the NuGet cache; run `dotnet restore tests/Pipeline.Infra.Tests`.", executable);
        }

        EnsureExecutable(executable);

        var startInfo = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // No telemetry, no registry restore: nothing here may reach the network.
        startInfo.Environment["BICEP_TELEMETRY_ENABLED"] = "false";

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {executable}.");
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} ran longer than {Timeout}.");
        }

        return new BicepResult(process.ExitCode, standardOutput.GetAwaiter().GetResult(), standardError.GetAwaiter().GetResult());
    }

    private static void EnsureExecutable(string path)
    {
        // NuGet does not keep the execute bit on every platform.
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
    }
}
