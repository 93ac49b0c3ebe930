using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Hosting;
using Pipeline.Local;
using Pipeline.Storage;

namespace Pipeline.Bench;

/// <summary>The pipeline's own services on the bench's storage, wired as every host wires them.</summary>
internal static class BenchServices
{
    /// <param name="connection">The bench Azurite's connection string.</param>
    /// <param name="settings">Extra settings (e.g. resource names), over the defaults the CLI uses.</param>
    /// <param name="tally">Counts every storage request when given.</param>
    public static async Task<ServiceProvider> BuildAsync(string connection, IReadOnlyDictionary<string, string?>? settings = null, StorageRequestTally? tally = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [AppSettingNames.EvidenceStorageConnection] = connection })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Error)).AddSingleton<IConfiguration>(configuration);
        if (tally is not null)
        {
            services.AddPipelineStorageClients(tally.Attach);
        }

        services.AddPipelineServices(configuration);
        services.AddSingleton<PortalUploader>();
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<PipelineStorage>().EnsureCreatedAsync();
        return provider;
    }
}
