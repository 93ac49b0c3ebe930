using System.Text.Json;

namespace Pipeline.Infra.Tests;

/// <summary>One resource of the compiled template, with the module (nested deployment) that declares it.</summary>
/// <param name="Module">Name of the module deployment, or null for a resource of main.bicep itself.</param>
/// <param name="Type">ARM resource type.</param>
/// <param name="Name">The name as compiled: a literal or an ARM expression.</param>
/// <param name="Element">The whole resource as compiled.</param>
public sealed record TemplateResource(string? Module, string Type, string Name, JsonElement Element)
{
    public JsonElement Properties =>
        Element.TryGetProperty("properties", out var properties) ? properties : default;

    /// <summary>The value at a dotted path under <c>properties</c>, e.g. <c>deleteRetentionPolicy.days</c>.</summary>
    public JsonElement Property(string dottedPath)
    {
        ArgumentNullException.ThrowIfNull(dottedPath);
        var current = Properties;
        foreach (var segment in dottedPath.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment, out current))
            {
                throw new KeyNotFoundException($"{Type} {Name} in module {Module ?? "main"} has no properties.{dottedPath}.");
            }
        }

        return current;
    }

    public override string ToString() => $"{Module ?? "main"}: {Type} {Name}";
}
