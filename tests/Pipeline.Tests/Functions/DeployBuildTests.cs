using System.Diagnostics;
using System.Reflection;
using System.Xml.Linq;

namespace Pipeline.Tests.Functions;

/// <summary>
/// The build settings that decide whether the Service Bus host extension ships: a deploy build
/// (<c>-p:DeployBuild=true</c>) makes the worker SDK's generated <c>WorkerExtensions.csproj</c> reference it; the default
/// build (what this machine's feed can restore) does not. Only the SDK's generation step runs, not the extension
/// project's restore, which needs the public feed.
/// </summary>
public sealed class DeployBuildTests
{
    private const string ServiceBusHostExtension = "Microsoft.Azure.WebJobs.Extensions.ServiceBus";

    [Fact]
    public async Task GenerateWorkerExtensions_DeployBuild_ReferencesServiceBusHostExtension()
    {
        var project = Path.Combine(RepositoryRoot, "functions", "Pipeline.Functions", "Pipeline.Functions.csproj");

        // Compile (into obj/deploy, beside nothing of the default build) and generate; _FunctionsBuildEnabled=false keeps the
        // SDK from restoring and building the generated project, which fails here (NU1101) and is not what is tested.
        var (exitCode, output) = await RunAsync(
            "dotnet", "msbuild", project, "-t:Compile;_FunctionsGenerateCommon", "-nologo", "-v:minimal",
            $"-p:Configuration={Configuration}", "-p:DeployBuild=true", "-p:BuildProjectReferences=false", "-p:_FunctionsBuildEnabled=false");

        Assert.True(exitCode == 0, output);
        var generated = Path.Combine(RepositoryRoot, "functions", "Pipeline.Functions", "obj", "deploy", Configuration, "net10.0", "WorkerExtensions", "WorkerExtensions.csproj");
        Assert.Contains(ServiceBusHostExtension, PackageReferences(generated));
    }

    [Fact]
    public void GenerateWorkerExtensions_DefaultBuild_LeavesServiceBusHostExtensionOut()
    {
        var generated = Path.Combine(RepositoryRoot, "functions", "Pipeline.Functions", "obj", Configuration, "net10.0", "WorkerExtensions", "WorkerExtensions.csproj");

        var references = PackageReferences(generated);

        Assert.Contains("Microsoft.Azure.WebJobs.Extensions.Storage.Queues", references);
        Assert.DoesNotContain(ServiceBusHostExtension, references);
    }

    private static string RepositoryRoot => BuildMetadata("RepositoryRoot");

    private static string Configuration => BuildMetadata("Configuration");

    private static List<string> PackageReferences(string project)
    {
        Assert.True(File.Exists(project), $"{project} was not generated");
        return XDocument.Load(project).Descendants("PackageReference").Select(r => (string)r.Attribute("Include")!).ToList();
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string BuildMetadata(string key) =>
        typeof(DeployBuildTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
