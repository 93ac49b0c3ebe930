using Azure.Data.Tables;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Pipeline.Audit;
using Pipeline.EvidenceStore;
using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Intake;
using Pipeline.Integrity;
using Pipeline.Quarantine;
using Pipeline.Reconciliation;
using Pipeline.Validation;

namespace Pipeline.Hosting;

/// <summary>One wiring for every host: the Functions app, the local host/CLI and the tests.</summary>
public static class PipelineServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddPipelineServices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddPipelineServices(builder.Configuration);
        builder.AddPipelineLogRedaction();
        return builder;
    }

    public static IServiceCollection AddPipelineServices(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<PipelineStorageOptions>().Bind(configuration.GetSection(PipelineStorageOptions.SectionName));
        services.AddOptions<IngestOptions>().Bind(configuration.GetSection(IngestOptions.SectionName));
        services.AddOptions<IntegrityCheckOptions>().Bind(configuration.GetSection(IntegrityCheckOptions.SectionName));
        services.AddOptions<ReconciliationOptions>().Bind(configuration.GetSection(ReconciliationOptions.SectionName));
        services.AddOptions<ValidationOptions>().Bind(configuration.GetSection(ValidationOptions.SectionName));
        services.TryAddSingleton<UploadValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton(_ => StorageConnection.FromConfiguration(configuration, AppSettingNames.EvidenceStorageConnection));
        services.TryAddSingleton(sp => sp.GetRequiredService<StorageConnection>().CreateBlobServiceClient(new BlobClientOptions()));
        services.TryAddSingleton(sp => sp.GetRequiredService<StorageConnection>().CreateTableServiceClient(new TableClientOptions()));
        // Base64 matches the Functions queue trigger's default message encoding.
        services.TryAddSingleton(sp => sp.GetRequiredService<StorageConnection>().CreateQueueServiceClient(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }));
        services.TryAddSingleton<PipelineStorage>();
        services.TryAddSingleton<PipelineMetrics>();

        services.TryAddSingleton<DocumentIndex>();
        services.TryAddSingleton<CaseLedger>();
        services.TryAddSingleton<EvidenceBlobStore>();
        services.TryAddSingleton<QuarantineBlobStore>();
        services.TryAddSingleton<UploadSpool>();
        services.TryAddSingleton<IngestService>();
        services.TryAddSingleton<IntakeSweeper>();
        services.TryAddSingleton<PortalUploader>();
        services.TryAddSingleton<IntegrityChecker>();
        services.TryAddSingleton<StorageQueueCheckReceiver>();
        services.TryAddSingleton<IIntegrityCheckSender>(sp =>
            sp.GetRequiredService<IOptions<IntegrityCheckOptions>>().Value.Transport switch
            {
                IntegrityCheckTransports.StorageQueue => ActivatorUtilities.CreateInstance<StorageQueueCheckSender>(sp),
                var other => throw new InvalidOperationException(
                    $"Integrity-check transport '{other}' is not available in this build; use '{IntegrityCheckTransports.StorageQueue}'."),
            });
        services.TryAddSingleton<ReconciliationRunStore>();
        services.TryAddSingleton<ReconciliationService>();
        return services;
    }
}
