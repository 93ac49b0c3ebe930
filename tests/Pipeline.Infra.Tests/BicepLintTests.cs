namespace Pipeline.Infra.Tests;

/// <summary>The same check as infra/check.sh: every .bicep file lints and builds with no diagnostic at all.</summary>
public sealed class BicepLintTests
{
    [Fact]
    public void BicepLint_EveryFile_NoDiagnostics()
    {
        var files = Directory.GetFiles(InfraPaths.InfraRoot, "*.bicep", SearchOption.AllDirectories);
        Assert.NotEmpty(files);

        var output = Directory.CreateTempSubdirectory("pipeline-infra-build-").FullName;
        try
        {
            var lint = BicepCli.Run(InfraPaths.InfraRoot, "lint", "--pattern", "**/*.bicep");
            var build = BicepCli.Run(InfraPaths.InfraRoot, "build", "--pattern", "**/*.bicep", "--outdir", output);

            var failures = lint.Diagnostics.Select(line => "lint: " + line)
                .Concat(build.Diagnostics.Select(line => "build: " + line))
                .ToList();
            if (lint.ExitCode != 0)
            {
                failures.Add($"bicep lint exited {lint.ExitCode}");
            }

            if (build.ExitCode != 0)
            {
                failures.Add($"bicep build exited {build.ExitCode}");
            }

            Assert.True(failures.Count == 0, "Bicep diagnostics:\n" + string.Join('\n', failures));
            var built = Directory.GetFiles(output, "*.json", SearchOption.AllDirectories);
            Assert.Equal(files.Length, built.Length);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
