using Azure.Core;
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
using Pipeline.Faults;
using Pipeline.Index;
using Pipeline.Ingest;
using Pipeline.Intake;
using Pipeline.Integrity;
using Pipeline.Portal;
using Pipeline.Quarantine;
using Pipeline.Reconciliation;
using Pipeline.Validation;
using Pipeline.Content;
using Pipeline.Storage;

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

    /// <summary>
    /// The blob, table and queue clients of the evidence account, unless already registered. A host may adjust their
    /// options (e.g. the local CLI's shorter retries) by calling this before <c>AddPipelineServices</c>.
    /// </summary>
    public static IServiceCollection AddPipelineStorageClients(this IServiceCollection services, Action<ClientOptions>? configure = null)
    {
        T Configured<T>(T options)
            where T : ClientOptions
        {
            configure?.Invoke(options);
            return options;
        }

        BlobClientOptions BlobOptions()
        {
            var options = Configured(new BlobClientOptions());
            UnbufferedResponses.Attach(options);
            return options;
        }

        services.TryAddSingleton(sp => sp.GetRequiredService<StorageConnection>().CreateBlobServiceClient(BlobOptions()));
        services.TryAddSingleton(sp => sp.GetRequiredService<StorageConnection>().CreateTableServiceClient(Configured(new TableClientOptions())));
        // Base64 matches the Functions queue trigger's default message encoding.
        services.TryAddSingleton(sp => sp.GetRequiredService<StorageConnection>().CreateQueueServiceClient(
            Configured(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 })));
        return services;
    }

    public static IServiceCollection AddPipelineServices(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<PipelineStorageOptions>().Bind(configuration.GetSection(PipelineStorageOptions.SectionName));
        services.AddOptions<SpoolOptions>().Bind(configuration.GetSection(SpoolOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Validated at start-up (and on first use where no host runs): a limit of 0 would quarantine every upload, and
        // a rejection is final, so a bad setting must stop the app rather than reject evidence.
        services.AddOptions<IngestOptions>().Bind(configuration.GetSection(IngestOptions.SectionName))
            .Validate(o => o.MaxAttemptsWhenIntakeChanges >= 1, "Pipeline:Ingest:MaxAttemptsWhenIntakeChanges must be at least 1.")
            .Validate(o => o.FailedRetryDelay >= TimeSpan.Zero && o.FailedRetryMaxDelay >= o.FailedRetryDelay, "Pipeline:Ingest:FailedRetryDelay must not be negative nor above FailedRetryMaxDelay.")
            .Validate(o => o.Concurrency >= 1, "Pipeline:Ingest:Concurrency must be at least 1.")
            .ValidateOnStart();
        services.AddIntegrityCheckTransport(configuration);
        services.AddOptions<ReconciliationOptions>().Bind(configuration.GetSection(ReconciliationOptions.SectionName))
            .Validate(o => o.StuckAfter > TimeSpan.Zero, "Pipeline:Reconciliation:StuckAfter must be positive.")
            .Validate(o => o.VerificationMaxAge > TimeSpan.Zero, "Pipeline:Reconciliation:VerificationMaxAge must be positive.")
            .Validate(o => o.VerificationGrace >= TimeSpan.Zero, "Pipeline:Reconciliation:VerificationGrace must not be negative.")
            .Validate(o => o.DeadLetterFindingAge >= TimeSpan.Zero, "Pipeline:Reconciliation:DeadLetterFindingAge must not be negative.")
            .Validate(o => o.CheckpointEveryUnits >= 1, "Pipeline:Reconciliation:CheckpointEveryUnits must be at least 1.")
            .Validate(o => o.CheckpointEvery > TimeSpan.Zero, "Pipeline:Reconciliation:CheckpointEvery must be positive.")
            .Validate(o => o.CasesPerTableWindow >= 0, "Pipeline:Reconciliation:CasesPerTableWindow must not be negative.")
            .Validate(o => o.ListingPageSize is >= 1 and <= 5_000, "Pipeline:Reconciliation:ListingPageSize must be 1-5000.")
            .Validate(o => o.OutOfOrderBlobs >= 0, "Pipeline:Reconciliation:OutOfOrderBlobs must not be negative.")
            .ValidateOnStart();
        services.AddOptions<ValidationOptions>().Bind(configuration.GetSection(ValidationOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<UploadValidator>();
        // A chain key that cannot be decoded must stop the app: records keyed with nothing would fail verification.
        services.AddOptions<AuditChainKeyOptions>().Bind(configuration.GetSection(AuditChainKeyOptions.SectionName))
            .Validate(o => !AuditChainKeys.Problems(o).Any(), "Pipeline:Audit: a chain key id must be 1-32 characters of [A-Za-z0-9._-] and each key base64 of at least 32 bytes.")
            .ValidateOnStart();
        services.TryAddSingleton<AuditChainKeys>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton(_ => StorageConnection.FromConfiguration(configuration, AppSettingNames.EvidenceStorageConnection));
        services.AddPipelineStorageClients();
        services.TryAddSingleton<PipelineStorage>();
        services.TryAddSingleton<PipelineMetrics>();

        services.TryAddSingleton<IFaultInjector, NoFaultInjector>();
        services.TryAddSingleton<DocumentIndex>();
        services.TryAddSingleton<CaseLedger>();
        services.TryAddSingleton<EvidenceBlobStore>();
        services.TryAddSingleton<QuarantineBlobStore>();
        services.TryAddSingleton<UploadSpool>();
        services.TryAddSingleton<IngestFailureLog>();
        services.TryAddSingleton<UploadIntents>();
        services.TryAddSingleton<UnaddressableIntake>();
        services.TryAddSingleton<IngestService>();
        services.TryAddSingleton<IntakeSweeper>();
        services.TryAddSingleton<IntegrityChecker>();
        services.TryAddSingleton<CheckBatcher>();
        services.TryAddSingleton<ReconciliationRunStore>();
        services.TryAddSingleton<AnchorStore>();
        services.TryAddSingleton<ReconciliationService>();
        services.AddReconciliationSharding(configuration);
        services.AddPipelinePortal(configuration);
        services.AddCaseRecordServices();
        return services;
    }
}
