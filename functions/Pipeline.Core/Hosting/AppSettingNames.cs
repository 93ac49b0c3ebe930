using Pipeline.Storage;

namespace Pipeline.Hosting;

/// <summary>
/// The application settings the pipeline reads, spelled as environment variables (Functions app settings).
/// infra/main.bicep sets every name in <see cref="RequiredInAzure"/>; a test holds it to that.
/// </summary>
public static class AppSettingNames
{
    /// <summary>Connection name of the evidence storage account (blobs, the documents table, the check queue).</summary>
    public const string EvidenceStorageConnection = "EvidenceStorage";

    /// <summary>Connection name of the Service Bus namespace that carries integrity checks in Azure.</summary>
    public const string IntegrityServiceBusConnection = "IntegrityServiceBus";

    /// <summary>Configuration section holding <c>PipelineStorageOptions</c> and the stage options.</summary>
    public const string PipelineSection = "Pipeline";

    public const string IntakeContainer = "Pipeline__Storage__IntakeContainer";
    public const string EvidenceContainer = "Pipeline__Storage__EvidenceContainer";
    public const string QuarantineContainer = "Pipeline__Storage__QuarantineContainer";
    public const string ReportsContainer = "Pipeline__Storage__ReportsContainer";
    public const string AnchorsContainer = "Pipeline__Storage__AnchorsContainer";
    public const string DocumentsTable = "Pipeline__Storage__DocumentsTable";
    public const string IntegrityQueue = "Pipeline__Storage__IntegrityQueue";
    public const string IntegrityTransport = "Pipeline__IntegrityChecks__Transport";
    public const string ServiceBusIntegrityQueue = "Pipeline__IntegrityChecks__ServiceBusQueue";
    public const string ReconciliationSchedule = "Pipeline__Reconciliation__Schedule";

    /// <summary>The audit chain's HMAC key (base64): in Azure a Key Vault reference, never the key itself.</summary>
    public const string AuditChainKey = "Pipeline__Audit__ChainKey";
    public const string AuditChainKeyId = "Pipeline__Audit__ChainKeyId";

    /// <summary>How the portal API authenticates callers: <c>EasyAuth</c> in Azure (infra/modules/portal-auth.bicep).</summary>
    public const string PortalAuthentication = "Pipeline__Portal__Authentication";

    /// <summary>The portal API's grants as one JSON object (object id to case patterns).</summary>
    public const string PortalGrantsJson = "Pipeline__Portal__GrantsJson";

    /// <summary>Every setting a deployment in Azure must provide (identity-based connections only; no keys).</summary>
    public static IReadOnlyList<string> RequiredInAzure { get; } =
    [
        "AzureWebJobsStorage__blobServiceUri",
        "AzureWebJobsStorage__queueServiceUri",
        "AzureWebJobsStorage__tableServiceUri",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        EvidenceStorageConnection + "__blobServiceUri",
        EvidenceStorageConnection + "__queueServiceUri",
        EvidenceStorageConnection + "__tableServiceUri",
        EvidenceStorageConnection + "__credential",
        EvidenceStorageConnection + "__clientId",
        IntegrityServiceBusConnection + "__fullyQualifiedNamespace",
        IntegrityServiceBusConnection + "__credential",
        IntegrityServiceBusConnection + "__clientId",
        IntakeContainer,
        EvidenceContainer,
        QuarantineContainer,
        ReportsContainer,
        AnchorsContainer,
        DocumentsTable,
        IntegrityQueue,
        IntegrityTransport,
        ServiceBusIntegrityQueue,
        ReconciliationSchedule,
        AuditChainKey,
        AuditChainKeyId,
        PortalAuthentication,
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
    ];
}
