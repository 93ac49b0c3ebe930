using System.Reflection;

namespace Pipeline.Infra.Tests;

/// <summary>Where infra/ and the restored Bicep CLI are, as the project file recorded them at build time.</summary>
public static class InfraPaths
{
    public static string InfraRoot { get; } = Metadata("InfraRoot");

    public static string MainBicep { get; } = Path.Combine(InfraRoot, "main.bicep");

    public static string MainParameters { get; } = Path.Combine(InfraRoot, "main.parameters.json");

    public static string BicepExecutable { get; } = Path.Combine(Metadata("BicepPackageRoot"), "tools", "bicep");

    private static string Metadata(string key)
    {
        var value = typeof(InfraPaths).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(attribute => attribute.Key == key)?.Value;
        if (string.IsNullOrEmpty(value))
        {
            throw new InvalidOperationException(
                $"Assembly metadata '{key}' is missing: Pipeline.Infra.Tests.csproj sets it at build time.");
        }

        return value;
    }
}
