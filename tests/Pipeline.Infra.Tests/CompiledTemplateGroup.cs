namespace Pipeline.Infra.Tests;

/// <summary>Every test class that reads the compiled template shares one compilation.</summary>
[CollectionDefinition(Name)]
public sealed class CompiledTemplateGroup : ICollectionFixture<CompiledTemplateFixture>
{
    public const string Name = "Compiled main.bicep";
}
