using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pipeline.Hosting;
using Pipeline.Ingest;
using Pipeline.Reconciliation;

namespace Pipeline.Tests.Hosting;

/// <summary>A bad setting stops the app instead of quietly rejecting evidence or failing every function later.</summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Pipeline:Validation:MaxUploadBytes", "0")]
    [InlineData("Pipeline:Validation:MaxZipCompressionRatio", "0")]
    [InlineData("Pipeline:IntegrityChecks:Transport", "storagequeue-typo")]
    [InlineData("Pipeline:Ingest:MaxAttemptsWhenIntakeChanges", "0")]
    [InlineData("Pipeline:Ingest:Concurrency", "0")]
    [InlineData("Pipeline:IntegrityChecks:Concurrency", "0")]
    [InlineData("Pipeline:Ingest:WriteBlockConcurrency", "0")]
    [InlineData("Pipeline:Ingest:WriteBlockSize", "0")]
    public void AddPipelineServices_InvalidSetting_IngestCannotBeResolved(string key, string value)
    {
        using var services = Build(key, value);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IngestService>());
        Assert.Contains(key.Split(':')[^1], string.Join(" ", error.Failures), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Pipeline:Reconciliation:StuckAfter", "00:00:00")]
    [InlineData("Pipeline:Reconciliation:CheckpointEveryUnits", "0")]
    public void AddPipelineServices_InvalidReconciliationSetting_ReconciliationCannotBeResolved(string key, string value)
    {
        using var services = Build(key, value);

        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ReconciliationService>());
    }

    [Fact]
    public void AddPipelineServices_Defaults_EverythingResolves()
    {
        using var services = Build(null, null);

        Assert.NotNull(services.GetRequiredService<IngestService>());
        Assert.NotNull(services.GetRequiredService<ReconciliationService>());
    }

    private static ServiceProvider Build(string? key, string? value)
    {
        var settings = new Dictionary<string, string?> { [AppSettingNames.EvidenceStorageConnection] = "UseDevelopmentStorage=true" };
        if (key is not null)
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddPipelineServices(configuration).BuildServiceProvider();
    }
}
