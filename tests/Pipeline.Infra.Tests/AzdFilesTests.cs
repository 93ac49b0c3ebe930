using System.Text.Json;

namespace Pipeline.Infra.Tests;

[Collection(CompiledTemplateGroup.Name)]
public sealed class AzdFilesTests(CompiledTemplateFixture template)
{
    [Fact]
    public void MainParameters_EveryValue_IsAParameterOfMainBicep()
    {
        using var parameters = JsonDocument.Parse(File.ReadAllText(InfraPaths.MainParameters));
        var declared = template.Root.GetProperty("parameters");

        foreach (var parameter in parameters.RootElement.GetProperty("parameters").EnumerateObject())
        {
            Assert.True(declared.TryGetProperty(parameter.Name, out _), $"main.bicep has no parameter {parameter.Name}.");
        }
    }

    [Theory]
    [InlineData("environmentName", "${AZURE_ENV_NAME}")]
    [InlineData("location", "${AZURE_LOCATION}")]
    public void MainParameters_AzdEnvironment_Mapped(string parameter, string expected)
    {
        using var parameters = JsonDocument.Parse(File.ReadAllText(InfraPaths.MainParameters));

        Assert.Equal(expected, parameters.RootElement.GetProperty("parameters").GetProperty(parameter).GetProperty("value").GetString());
    }

    [Fact]
    public void AzureYaml_FunctionsService_DotnetFunctionAtPipelineFunctions()
    {
        var azureYaml = File.ReadAllText(Path.Combine(Path.GetDirectoryName(InfraPaths.InfraRoot)!, "azure.yaml"));

        Assert.Contains("  functions:\n    project: functions/Pipeline.Functions\n    language: dotnet\n    host: function\n", azureYaml, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(Path.GetDirectoryName(InfraPaths.InfraRoot)!, "functions", "Pipeline.Functions")));
    }

    [Fact]
    public void MainParameters_NoFile_HoldsASecret()
    {
        var text = File.ReadAllText(InfraPaths.MainParameters);

        Assert.DoesNotContain("Key", text, StringComparison.Ordinal);
        Assert.DoesNotContain("reference", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("password", text, StringComparison.OrdinalIgnoreCase);
    }
}
