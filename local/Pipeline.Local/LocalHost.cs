using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipeline.Hosting;

namespace Pipeline.Local;

/// <summary>Builds the same service graph as the Functions app (AddPipelineServices), pointed at the chosen storage.</summary>
public static class LocalHost
{
    public static IHost Build(PipelineSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration[AppSettingNames.EvidenceStorageConnection] = settings.ResolveConnection();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(options => options.SingleLine = true);
        builder.Logging.SetMinimumLevel(settings.Verbose ? LogLevel.Information : LogLevel.Error);
        builder.AddPipelineServices();
        return builder.Build();
    }

    public static T Get<T>(this IHost host)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Services.GetRequiredService<T>();
    }
}
