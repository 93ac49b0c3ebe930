// The function app on Flex Consumption: .NET 10 isolated worker, user-assigned identity, and
// identity-based connections only. No setting holds a key, a SAS or a connection string with a
// secret: every *__credential is `managedidentity` and every *__clientId is the app identity's.

@description('Azure region.')
param location string

@description('Tags for every resource (the app also gets azd-service-name).')
param tags object

@description('Function app name (also its host name).')
param appName string

@description('Flex Consumption plan name.')
param planName string

@description('Resource id of the app\'s user-assigned identity.')
param identityId string

@description('Client id of the app\'s user-assigned identity.')
param identityClientId string

@description('Name of the Functions host storage account.')
param hostStorageAccountName string

@description('Container of the deployment package in the host storage account.')
param deploymentContainerName string

@description('Name of the evidence storage account.')
param evidenceStorageAccountName string

@description('Fully qualified Service Bus namespace, e.g. sb-x.servicebus.windows.net.')
param serviceBusFullyQualifiedNamespace string

@description('Application Insights component name.')
param appInsightsName string

@description('Log Analytics workspace receiving the app\'s platform logs.')
param workspaceId string

@description('Evidence storage container of portal uploads.')
param intakeContainerName string

@description('Evidence storage container of accepted evidence.')
param evidenceContainerName string

@description('Evidence storage container of rejected uploads.')
param quarantineContainerName string

@description('Evidence storage container of reconciliation reports, checkpoints and the lock blob.')
param reportsContainerName string

@description('Evidence storage container of the anchored chain heads (create-only, WORM).')
param anchorsContainerName string

@description('Key Vault holding the audit chain key.')
param keyVaultName string

@description('Secret in keyVaultName holding the audit chain key.')
param auditChainKeySecretName string

@description('Id recorded in every audit record keyed with the chain key.')
param auditChainKeyId string

@description('Evidence storage container of the daily blob inventory.')
param inventoryContainerName string

@description('Table of document records.')
param documentsTableName string

@description('Storage queue of integrity checks (transport StorageQueue).')
param integrityStorageQueueName string

@allowed([
  'ServiceBus'
  'StorageQueue'
])
@description('Transport of integrity checks.')
param integrityTransport string

@description('Service Bus queue of integrity checks (transport ServiceBus).')
param integrityServiceBusQueueName string

@description('Service Bus queue of reconciliation shards (transport ServiceBus; the ReconcileShardServiceBus trigger).')
param reconciliationShardQueueName string

@description('Storage queue of reconciliation shards in the evidence account (transport StorageQueue; the ReconcileShard trigger).')
param reconciliationShardStorageQueueName string

@description('NCRONTAB (6 fields) schedule of the nightly reconciliation.')
param reconciliationSchedule string

@description('Name of the queue-triggered function that consumes integrity checks; it gets always-ready instances.')
param integrityCheckFunctionName string

@minValue(0)
@maxValue(20)
@description('Always-ready instances kept warm for the integrity-check consumer.')
param alwaysReadyInstanceCount int

@minValue(40)
@maxValue(1000)
@description('Upper bound of instances the app scales out to.')
param maximumInstanceCount int

@allowed([
  512
  2048
  4096
])
@description('Memory of each instance, in MB.')
param instanceMemoryMB int

@description('Portal API grants: Entra ID object id -> case patterns (Pipeline:Portal:GrantsJson).')
param portalGrants object

resource hostStorage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: hostStorageAccountName
}

resource evidenceStorage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: evidenceStorageAccountName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  tags: union(tags, {
    'azd-service-name': 'functions'
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    publicNetworkAccess: 'Enabled'
    // Key Vault references (the audit chain key) resolve with the app's user-assigned identity.
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${hostStorage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        alwaysReady: [
          {
            name: 'function:${integrityCheckFunctionName}'
            instanceCount: alwaysReadyInstanceCount
          }
        ]
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Every setting the app reads in Azure (Pipeline.Hosting.AppSettingNames.RequiredInAzure), spelled
// out so that the compiled template can be checked against that list. Flex Consumption takes the
// runtime from functionAppConfig.runtime: FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION
// are not allowed here.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: {
    // Functions host storage (AzureWebJobsStorage): identity-based, three services.
    AzureWebJobsStorage__blobServiceUri: hostStorage.properties.primaryEndpoints.blob
    AzureWebJobsStorage__queueServiceUri: hostStorage.properties.primaryEndpoints.queue
    AzureWebJobsStorage__tableServiceUri: hostStorage.properties.primaryEndpoints.table
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    // Evidence storage: the blob trigger (Source = EventGrid), the documents table, the check queue.
    EvidenceStorage__blobServiceUri: evidenceStorage.properties.primaryEndpoints.blob
    EvidenceStorage__queueServiceUri: evidenceStorage.properties.primaryEndpoints.queue
    EvidenceStorage__tableServiceUri: evidenceStorage.properties.primaryEndpoints.table
    EvidenceStorage__credential: 'managedidentity'
    EvidenceStorage__clientId: identityClientId
    // Service Bus.
    IntegrityServiceBus__fullyQualifiedNamespace: serviceBusFullyQualifiedNamespace
    IntegrityServiceBus__credential: 'managedidentity'
    IntegrityServiceBus__clientId: identityClientId
    // Application Insights accepts only Entra ID telemetry (DisableLocalAuth on the component):
    // the instrumentation key in the connection string identifies the component, it authorizes
    // nothing. The app authenticates with its identity.
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=${identityClientId}'
    // Pipeline options.
    Pipeline__Storage__IntakeContainer: intakeContainerName
    Pipeline__Storage__EvidenceContainer: evidenceContainerName
    Pipeline__Storage__QuarantineContainer: quarantineContainerName
    Pipeline__Storage__ReportsContainer: reportsContainerName
    Pipeline__Storage__AnchorsContainer: anchorsContainerName
    Pipeline__Storage__DocumentsTable: documentsTableName
    Pipeline__Storage__IntegrityQueue: integrityStorageQueueName
    Pipeline__IntegrityChecks__Transport: integrityTransport
    Pipeline__IntegrityChecks__ServiceBusQueue: integrityServiceBusQueueName
    Pipeline__Reconciliation__Schedule: reconciliationSchedule
    // The audit chain key never appears here: a Key Vault reference, resolved by the platform.
    Pipeline__Audit__ChainKey: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${auditChainKeySecretName})'
    Pipeline__Audit__ChainKeyId: auditChainKeyId
    // Not read by the app yet (not in AppSettingNames): where reconciliation finds the daily inventory.
    Pipeline__Reconciliation__InventoryContainer: inventoryContainerName
    // The queues of a sharded reconciliation, on the check transport: the ReconcileShardServiceBus trigger binds
    // %Pipeline:Reconciliation:ShardQueue% (Service Bus), the ReconcileShard trigger %Pipeline:Storage:ReconciliationShardQueue%
    // (evidence account; the host moves failed messages to <name>-poison).
    Pipeline__Reconciliation__ShardQueue: reconciliationShardQueueName
    Pipeline__Storage__ReconciliationShardQueue: reconciliationShardStorageQueueName
    // The portal API trusts only the principal Easy Auth passes (portal-auth.bicep), never a dev key.
    Pipeline__Portal__Authentication: 'EasyAuth'
    // One JSON setting: setting names cannot hold the '-' of an object id (Pipeline__Portal__Grants__{oid}).
    Pipeline__Portal__GrantsJson: string(portalGrants)
  }
}

// No publishing with basic (user name and password) credentials: deployments use Entra ID.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: app
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'FunctionAppLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

output appName string = app.name
output appId string = app.id
output defaultHostName string = app.properties.defaultHostName
