using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
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
        // A developer's own terminal: -v shows file names unless the environment asks for redaction.
        var redact = $"{LogRedactionOptions.SectionName}:{nameof(LogRedactionOptions.RedactPersonalData)}";
        if (builder.Configuration[redact] is null)
        {
            builder.Configuration[redact] = "false";
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(options => options.SingleLine = true);
        builder.Logging.SetMinimumLevel(settings.Verbose ? LogLevel.Information : LogLevel.Error);
        AddInteractiveClients(builder.Services);
        builder.AddPipelineServices();
        return builder.Build();
    }

    public static T Get<T>(this IHost host)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Services.GetRequiredService<T>();
    }

    /// <summary>
    /// The storage clients AddPipelineServices would add (it only adds them when absent), with fewer, shorter retries:
    /// a person waiting at a terminal should hear in seconds, not half a minute, that storage is unreachable.
    /// `run` carries on after a transient failure anyway.
    /// </summary>
    private static void AddInteractiveClients(IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<StorageConnection>().CreateBlobServiceClient(WithShortRetries(new BlobClientOptions())));
        services.AddSingleton(sp => sp.GetRequiredService<StorageConnection>().CreateTableServiceClient(WithShortRetries(new TableClientOptions())));
        // Base64, as in AddPipelineServices: the Functions queue trigger's default message encoding.
        services.AddSingleton(sp => sp.GetRequiredService<StorageConnection>().CreateQueueServiceClient(
            WithShortRetries(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 })));
    }

    private static T WithShortRetries<T>(T options)
        where T : ClientOptions
    {
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(400);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(4);
        return options;
    }
}
