using Azure.Core;
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
        if (settings.ResolveServiceBus() is { } serviceBus)
        {
            builder.Configuration[AppSettingNames.IntegrityServiceBusConnection] = serviceBus;
            builder.Configuration[$"{Pipeline.Integrity.IntegrityCheckOptions.SectionName}:Transport"] = Pipeline.Integrity.IntegrityCheckTransports.ServiceBus;
        }

        // A developer's own terminal: -v shows file names unless the environment asks for redaction.
        var redact = $"{LogRedactionOptions.SectionName}:{nameof(LogRedactionOptions.RedactPersonalData)}";
        if (builder.Configuration[redact] is null)
        {
            builder.Configuration[redact] = "false";
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(options => options.SingleLine = true);
        builder.Logging.SetMinimumLevel(settings.Verbose ? LogLevel.Information : LogLevel.Error);
        // Fewer, shorter retries: a person waiting at a terminal should hear in seconds, not half a minute, that
        // storage is unreachable (`run` carries on after a transient failure anyway).
        builder.Services.AddPipelineStorageClients(WithShortRetries);
        builder.AddPipelineServices();
        // The CLI's `upload` acts as a court portal; the pipeline itself never uploads.
        builder.Services.AddSingleton<PortalUploader>();
        return builder.Build();
    }

    public static T Get<T>(this IHost host)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Services.GetRequiredService<T>();
    }

    private static void WithShortRetries(ClientOptions options)
    {
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(400);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(4);
    }
}
