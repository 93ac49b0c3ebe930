using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pipeline.Infra.Tests;

/// <summary>
/// Compiles infra/main.bicep once to ARM JSON in a temporary folder and exposes every resource,
/// those of the modules (nested deployments) included, for the tests to assert on.
/// </summary>
public sealed partial class CompiledTemplateFixture : IDisposable
{
    private readonly string _outputDirectory;
    private readonly JsonDocument _document;

    public CompiledTemplateFixture()
    {
        _outputDirectory = Directory.CreateTempSubdirectory("pipeline-infra-").FullName;
        var outputFile = Path.Combine(_outputDirectory, "main.json");
        Build = BicepCli.Run(InfraPaths.InfraRoot, "build", InfraPaths.MainBicep, "--outfile", outputFile);
        if (Build.ExitCode != 0 || !File.Exists(outputFile))
        {
            throw new InvalidOperationException(
                $"bicep build main.bicep failed ({Build.ExitCode}):\n{string.Join('\n', Build.Diagnostics)}");
        }

        Json = File.ReadAllText(outputFile);
        _document = JsonDocument.Parse(Json);
        var resources = new List<TemplateResource>();
        var modules = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        Collect(_document.RootElement, null, resources, modules);
        Resources = resources;
        ModuleDeployments = modules;
    }

    /// <summary>The result of `bicep build main.bicep`.</summary>
    public BicepResult Build { get; }

    /// <summary>The compiled template as text.</summary>
    public string Json { get; }

    public JsonElement Root => _document.RootElement;

    public IReadOnlyList<TemplateResource> Resources { get; }

    /// <summary>Each module's Microsoft.Resources/deployments resource, by deployment name.</summary>
    public IReadOnlyDictionary<string, JsonElement> ModuleDeployments { get; }

    public IEnumerable<TemplateResource> OfType(string type) =>
        Resources.Where(resource => string.Equals(resource.Type, type, StringComparison.OrdinalIgnoreCase));

    public TemplateResource OneOf(string module, string type) =>
        OfType(type).Single(resource => resource.Module == module);

    /// <summary>
    /// Resolves a value that is a literal or a plain parameter reference, following a module's
    /// parameter to the value main.bicep passes, a main.bicep parameter to its default and a main.bicep
    /// string variable to its value.
    /// Anything else (a computed expression) is returned as compiled.
    /// </summary>
    public string Resolve(string? module, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var match = ParameterReference().Match(value);
        if (!match.Success)
        {
            return value;
        }

        var name = match.Groups["name"].Value;
        if (match.Groups["kind"].Value == "variables")
        {
            // Only main.bicep's own string variables; a module's are not followed.
            return module is null && Root.GetProperty("variables").TryGetProperty(name, out var variable) && variable.ValueKind == JsonValueKind.String
                ? Resolve(null, variable.GetString()!)
                : value;
        }

        if (module is null)
        {
            var parameter = Root.GetProperty("parameters").GetProperty(name);
            return parameter.TryGetProperty("defaultValue", out var defaultValue) ? defaultValue.ToString() : value;
        }

        var passed = ModuleDeployments[module].GetProperty("properties").GetProperty("parameters").GetProperty(name);
        return passed.TryGetProperty("value", out var passedValue) && passedValue.ValueKind == JsonValueKind.String
            ? Resolve(null, passedValue.GetString()!)
            : value;
    }

    public void Dispose()
    {
        _document.Dispose();
        Directory.Delete(_outputDirectory, recursive: true);
    }

    private static void Collect(
        JsonElement template,
        string? module,
        List<TemplateResource> resources,
        Dictionary<string, JsonElement> modules)
    {
        var declared = template.GetProperty("resources");
        // Templates with symbolic names (languageVersion 2.0) hold an object, the others an array.
        var items = declared.ValueKind == JsonValueKind.Object
            ? declared.EnumerateObject().Select(property => property.Value)
            : declared.EnumerateArray();
        foreach (var resource in items)
        {
            var type = resource.GetProperty("type").GetString()!;
            var name = resource.GetProperty("name").GetString()!;
            if (string.Equals(type, "Microsoft.Resources/deployments", StringComparison.OrdinalIgnoreCase))
            {
                modules[name] = resource;
                Collect(resource.GetProperty("properties").GetProperty("template"), name, resources, modules);
                continue;
            }

            resources.Add(new TemplateResource(module, type, name, resource));
        }
    }

    [GeneratedRegex(@"^\[(?<kind>parameters|variables)\('(?<name>[A-Za-z0-9_]+)'\)\]$")]
    private static partial Regex ParameterReference();
}
