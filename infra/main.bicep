// Court evidence ingestion pipeline: everything `azd up` provisions.
// One resource group; one module per concern under modules/. See infra/README.md for every
// parameter and for what must never change after the first deployment.
targetScope = 'subscription'

// ---- Environment -----------------------------------------------------------------------------

@minLength(1)
@maxLength(40)
@description('azd environment name; names the resource group and seeds every resource name.')
param environmentName string

@minLength(1)
@description('Azure region of every resource.')
param location string

// ---- App storage contract (must match the app's configuration) -------------------------------

@description('Container where portal uploads land (intake/{caseId}/{uploadId}/{fileName}).')
param intakeContainerName string = 'intake'

@description('Container of accepted evidence: create-only, version-level WORM.')
param evidenceContainerName string = 'evidence'

@description('Container of rejected uploads, kept with their reasons.')
param quarantineContainerName string = 'quarantine'

@description('Container of reconciliation reports, run checkpoints and the lease-based lock blob.')
param reportsContainerName string = 'reports'

@description('Container of the chain heads each reconciliation run anchored: create-only, version-level WORM.')
param anchorsContainerName string = 'anchors'

@description('Table of document records.')
param documentsTableName string = 'documents'

@description('Queue of integrity checks: the storage queue and the Service Bus queue share this name.')
param integrityQueueName string = 'integrity-checks'

// ServiceBus in Azure (the IntegrityCheckServiceBus trigger binds the same queue and connection); StorageQueue only for
// set-ups without a namespace.
@allowed([
  'ServiceBus'
  'StorageQueue'
])
@description('Transport of integrity checks (Pipeline__IntegrityChecks__Transport).')
param integrityTransport string = 'ServiceBus'

@description('NCRONTAB (6 fields, UTC) schedule of the nightly reconciliation.')
param reconciliationSchedule string = '0 0 2 * * *'

@description('Name of the blob-triggered ingestion function (Event Grid webhook target).')
param ingestFunctionName string = 'IngestUpload'

@description('Name of the function consuming integrity checks; it gets the always-ready instances.')
param integrityCheckFunctionName string = 'IntegrityCheck'

// ---- Durability --------------------------------------------------------------------------------

@allowed([
  'Standard_ZRS'
  'Standard_GZRS'
  'Standard_RAGZRS'
  'Standard_LRS'
  'Standard_GRS'
  'Standard_RAGRS'
])
@description('Replication of the evidence account. Geo-zone-redundant by default: evidence survives a zone and a region.')
param evidenceStorageSku string = 'Standard_RAGZRS'

@minValue(1)
@maxValue(146000)
@description('Days each evidence blob version is immutable after creation (WORM).')
param evidenceRetentionDays int = 3650

@minValue(1)
@maxValue(146000)
@description('Days each quarantined upload version is immutable after creation (WORM).')
param quarantineRetentionDays int = 3650

@minValue(1)
@maxValue(146000)
@description('Days each anchor version is immutable after creation (WORM): at least as long as the evidence it vouches for.')
param anchorRetentionDays int = 3650

@description('Lock the evidence immutability policy (postprovision hook). IRREVERSIBLE: a locked policy can be lengthened, never shortened or removed.')
param lockEvidenceImmutabilityPolicy bool = false

@minValue(1)
@maxValue(365)
@description('Days deleted blobs and containers stay recoverable (soft delete).')
param softDeleteRetentionDays int = 365

@minValue(1)
@maxValue(146000)
@description('Days the blob change feed is kept.')
param changeFeedRetentionDays int = 3650

@minValue(7)
@description('Days after its last change before a processed intake upload moves to the cool tier.')
param intakeCoolAfterDays int = 30

@minValue(30)
@description('Days after its last change before a processed intake upload (ingested, duplicate, rejected) expires. Conflicts never expire.')
param intakeDeleteAfterDays int = 365

@allowed([
  'Csv'
  'Parquet'
])
@description('Format of the daily blob inventory.')
param inventoryFormat string = 'Csv'

// ---- Audit chain key -------------------------------------------------------------------------------

@secure()
@minLength(44)
@description('The audit chain key: base64 of at least 32 random bytes. Generated once into the azd environment (AUDIT_CHAIN_KEY) by infra/hooks/preprovision.sh; never change it without changing auditChainKeyId (see infra/README.md, rotating the chain key).')
param auditChainKey string

@minLength(1)
@maxLength(32)
@description('Id recorded in every audit record keyed with auditChainKey (Pipeline__Audit__ChainKeyId).')
param auditChainKeyId string = '1'

// ---- Service Bus ---------------------------------------------------------------------------------

@allowed([
  'Standard'
  'Premium'
])
@description('Service Bus tier.')
param serviceBusSku string = 'Standard'

@description('Duplicate detection window of the Service Bus queues (ISO 8601).')
param duplicateDetectionWindow string = 'PT1H'

@minValue(1)
@maxValue(2000)
@description('Deliveries before a Service Bus message is dead-lettered.')
param maxDeliveryCount int = 10

@description('Lock duration of an integrity check (ISO 8601, at most PT5M): hashing a large document must fit, the app renews beyond it.')
param integrityLockDuration string = 'PT5M'

@description('Lock duration of a reconciliation shard (ISO 8601, at most PT5M).')
param reconciliationLockDuration string = 'PT5M'

@description('Time to live of a Service Bus message (ISO 8601); expired messages are dead-lettered.')
param messageTimeToLive string = 'P14D'

// ---- Function app ------------------------------------------------------------------------------

@minValue(0)
@maxValue(20)
@description('Always-ready instances for the integrity-check consumer.')
param alwaysReadyInstanceCount int = 1

@minValue(40)
@maxValue(1000)
@description('Maximum instances of the function app.')
param maximumInstanceCount int = 100

@allowed([
  512
  2048
  4096
])
@description('Memory of each function app instance, in MB.')
param instanceMemoryMB int = 2048

// ---- Portal API (App Service Authentication with Entra ID) ---------------------------------------

@minLength(1)
@description('Application (client) id of the Entra ID app registration of the portal API (PORTAL_CLIENT_ID). Easy Auth accepts only tokens issued for it.')
param portalClientId string

@minLength(1)
@description('Entra ID tenant of the portal API\'s callers.')
param portalTenantId string = tenant().tenantId

@description('Token audiences the portal API accepts besides its client id and api://{client id}.')
param portalAllowedAudiences array = []

@description('Cases each caller may use: object id (oid) of the Entra ID principal -> case patterns (a case id, a prefix ending in *, or * for every case and the operations page), comma-separated. Written as one JSON app setting, Pipeline__Portal__GrantsJson.')
param portalGrants object = {}

// ---- Event Grid ----------------------------------------------------------------------------------

@allowed([
  'Enabled'
  'Disabled'
])
@description('Create the intake Event Grid subscription. Needs the deployed app (its blobs_extension key): the postdeploy hook turns it on and provisions again.')
param intakeEventSubscription string = 'Disabled'

@minValue(1)
@maxValue(30)
@description('Event Grid delivery attempts before an intake event is dead-lettered.')
param eventGridMaxDeliveryAttempts int = 30

@minValue(1)
@maxValue(1440)
@description('Minutes Event Grid retries an intake event before it is dead-lettered.')
param eventGridEventTimeToLiveInMinutes int = 1440

// ---- Monitoring ----------------------------------------------------------------------------------

@minValue(30)
@maxValue(730)
@description('Days Log Analytics keeps logs.')
param logRetentionInDays int = 365

@description('Resource id of an existing action group for the alerts; empty creates one.')
param actionGroupResourceId string = ''

@description('Email the created action group notifies (ignored with actionGroupResourceId).')
param alertEmailAddress string = ''

// ---- Names ---------------------------------------------------------------------------------------

var token = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  workload: 'court-evidence-pipeline'
}
var names = {
  resourceGroup: 'rg-${environmentName}'
  appIdentity: 'id-func-${token}'
  eventGridIdentity: 'id-evgt-${token}'
  workspace: 'log-${token}'
  appInsights: 'appi-${token}'
  evidenceStorage: 'stev${token}'
  hostStorage: 'stfn${token}'
  serviceBus: 'sb-${token}'
  plan: 'plan-${token}'
  functionApp: 'func-${token}'
  systemTopic: 'evgt-${token}'
  deploymentContainer: 'app-package-${token}'
  keyVault: 'kv-${token}'
}
var auditChainKeySecretName = 'audit-chain-key'
var inventoryContainerName = 'inventory'
var eventGridDeadLetterContainerName = 'eventgrid-deadletter'
var blobTriggerPoisonQueueName = 'webjobs-blobtrigger-poison'
var reconciliationShardQueueName = 'reconciliation-shards'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: names.resourceGroup
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    location: location
    tags: tags
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    retentionInDays: logRetentionInDays
  }
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    location: location
    tags: tags
    appIdentityName: names.appIdentity
    eventGridIdentityName: names.eventGridIdentity
  }
}

module evidenceStorage 'modules/evidence-storage.bicep' = {
  name: 'evidence-storage'
  scope: rg
  params: {
    location: location
    tags: tags
    accountName: names.evidenceStorage
    skuName: evidenceStorageSku
    intakeContainerName: intakeContainerName
    evidenceContainerName: evidenceContainerName
    quarantineContainerName: quarantineContainerName
    reportsContainerName: reportsContainerName
    anchorsContainerName: anchorsContainerName
    inventoryContainerName: inventoryContainerName
    eventGridDeadLetterContainerName: eventGridDeadLetterContainerName
    documentsTableName: documentsTableName
    integrityQueueName: integrityQueueName
    blobTriggerPoisonQueueName: blobTriggerPoisonQueueName
    reconciliationShardQueueName: reconciliationShardQueueName
    anchorRetentionDays: anchorRetentionDays
    softDeleteRetentionDays: softDeleteRetentionDays
    changeFeedRetentionDays: changeFeedRetentionDays
    evidenceRetentionDays: evidenceRetentionDays
    quarantineRetentionDays: quarantineRetentionDays
    intakeCoolAfterDays: intakeCoolAfterDays
    intakeDeleteAfterDays: intakeDeleteAfterDays
    inventoryFormat: inventoryFormat
    workspaceId: monitoring.outputs.workspaceId
  }
}

module hostStorage 'modules/host-storage.bicep' = {
  name: 'host-storage'
  scope: rg
  params: {
    location: location
    tags: tags
    accountName: names.hostStorage
    deploymentContainerName: names.deploymentContainer
    workspaceId: monitoring.outputs.workspaceId
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  scope: rg
  params: {
    location: location
    tags: tags
    vaultName: names.keyVault
    auditChainKeySecretName: auditChainKeySecretName
    auditChainKey: auditChainKey
    workspaceId: monitoring.outputs.workspaceId
  }
}

module serviceBus 'modules/service-bus.bicep' = {
  name: 'service-bus'
  scope: rg
  params: {
    location: location
    tags: tags
    namespaceName: names.serviceBus
    skuName: serviceBusSku
    integrityQueueName: integrityQueueName
    reconciliationShardQueueName: reconciliationShardQueueName
    duplicateDetectionWindow: duplicateDetectionWindow
    maxDeliveryCount: maxDeliveryCount
    integrityLockDuration: integrityLockDuration
    reconciliationLockDuration: reconciliationLockDuration
    messageTimeToLive: messageTimeToLive
    workspaceId: monitoring.outputs.workspaceId
  }
}

// Names are passed as values known at the start of the deployment (What-If sees every scope); the
// modules that create those resources are waited for explicitly.
module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  dependsOn: [
    evidenceStorage
    hostStorage
    serviceBus
    monitoring
    keyVault
  ]
  params: {
    // A managed identity's principal id exists only once the identity does, and each assignment's
    // name must be guid(scope, principalId, roleDefinitionId): What-If cannot predict these two.
    #disable-next-line what-if-short-circuiting
    appPrincipalId: identity.outputs.appIdentityPrincipalId
    #disable-next-line what-if-short-circuiting
    eventGridPrincipalId: identity.outputs.eventGridIdentityPrincipalId
    evidenceStorageAccountName: names.evidenceStorage
    hostStorageAccountName: names.hostStorage
    serviceBusNamespaceName: names.serviceBus
    appInsightsName: names.appInsights
    intakeContainerName: intakeContainerName
    evidenceContainerName: evidenceContainerName
    quarantineContainerName: quarantineContainerName
    reportsContainerName: reportsContainerName
    anchorsContainerName: anchorsContainerName
    keyVaultName: names.keyVault
    inventoryContainerName: inventoryContainerName
    eventGridDeadLetterContainerName: eventGridDeadLetterContainerName
    documentsTableName: documentsTableName
    integrityQueueName: integrityQueueName
    integrityPoisonQueueName: '${integrityQueueName}-poison'
    blobTriggerPoisonQueueName: blobTriggerPoisonQueueName
    serviceBusIntegrityQueueName: integrityQueueName
    reconciliationShardQueueName: reconciliationShardQueueName
    reconciliationShardPoisonQueueName: '${reconciliationShardQueueName}-poison'
    serviceBusReconciliationShardQueueName: reconciliationShardQueueName
  }
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  // The host starts as soon as the app exists: its identity must already hold its roles.
  dependsOn: [
    rbac
    evidenceStorage
  ]
  params: {
    location: location
    tags: tags
    appName: names.functionApp
    planName: names.plan
    identityId: identity.outputs.appIdentityId
    identityClientId: identity.outputs.appIdentityClientId
    hostStorageAccountName: names.hostStorage
    deploymentContainerName: hostStorage.outputs.deploymentContainerName
    evidenceStorageAccountName: names.evidenceStorage
    serviceBusFullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
    appInsightsName: names.appInsights
    workspaceId: monitoring.outputs.workspaceId
    intakeContainerName: intakeContainerName
    evidenceContainerName: evidenceContainerName
    quarantineContainerName: quarantineContainerName
    reportsContainerName: reportsContainerName
    anchorsContainerName: anchorsContainerName
    inventoryContainerName: inventoryContainerName
    documentsTableName: documentsTableName
    keyVaultName: keyVault.outputs.vaultName
    auditChainKeySecretName: keyVault.outputs.chainKeySecretName
    auditChainKeyId: auditChainKeyId
    integrityStorageQueueName: integrityQueueName
    integrityTransport: integrityTransport
    integrityServiceBusQueueName: serviceBus.outputs.integrityQueueName
    reconciliationShardQueueName: serviceBus.outputs.reconciliationShardQueueName
    reconciliationShardStorageQueueName: reconciliationShardQueueName
    reconciliationSchedule: reconciliationSchedule
    integrityCheckFunctionName: integrityCheckFunctionName
    alwaysReadyInstanceCount: alwaysReadyInstanceCount
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    portalGrants: portalGrants
  }
}

// Easy Auth on the whole app except the blob extension's webhook, which Event Grid calls with the
// blobs_extension system key (intake-event-subscription.bicep) and so cannot present an Entra ID token.
module portalAuth 'modules/portal-auth.bicep' = {
  name: 'portal-auth'
  scope: rg
  dependsOn: [
    functionApp
  ]
  params: {
    appName: names.functionApp
    clientId: portalClientId
    tenantId: portalTenantId
    allowedAudiences: portalAllowedAudiences
    excludedPaths: [
      '/runtime/webhooks/blobs'
    ]
  }
}

module eventGrid 'modules/event-grid.bicep' = {
  name: 'event-grid'
  scope: rg
  dependsOn: [
    evidenceStorage
  ]
  params: {
    location: location
    tags: tags
    topicName: names.systemTopic
    evidenceStorageAccountName: names.evidenceStorage
    identityId: identity.outputs.eventGridIdentityId
    workspaceId: monitoring.outputs.workspaceId
  }
}

module intakeSubscription 'modules/intake-event-subscription.bicep' = if (intakeEventSubscription == 'Enabled') {
  name: 'intake-event-subscription'
  scope: rg
  // Dead-lettering uses the Event Grid identity's role on the dead-letter container.
  dependsOn: [
    rbac
    eventGrid
    functionApp
  ]
  params: {
    topicName: names.systemTopic
    functionAppName: names.functionApp
    functionName: ingestFunctionName
    intakeContainerName: intakeContainerName
    deadLetterStorageAccountId: evidenceStorage.outputs.accountId
    deadLetterContainerName: evidenceStorage.outputs.eventGridDeadLetterContainerName
    deadLetterIdentityId: identity.outputs.eventGridIdentityId
    maxDeliveryAttempts: eventGridMaxDeliveryAttempts
    eventTimeToLiveInMinutes: eventGridEventTimeToLiveInMinutes
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    location: location
    tags: tags
    namePrefix: 'alert-${token}'
    actionGroupResourceId: actionGroupResourceId
    alertEmailAddress: alertEmailAddress
    serviceBusNamespaceId: serviceBus.outputs.namespaceId
    eventGridTopicId: eventGrid.outputs.topicId
    appInsightsId: monitoring.outputs.appInsightsId
    workspaceId: monitoring.outputs.workspaceId
  }
}

// azd writes these into the environment (.azure/<env>/.env); the hooks read them.
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.appName
output EVIDENCE_STORAGE_ACCOUNT string = evidenceStorage.outputs.accountName
output EVIDENCE_CONTAINER string = evidenceContainerName
output ANCHORS_CONTAINER string = anchorsContainerName
output LOCK_EVIDENCE_IMMUTABILITY_POLICY bool = lockEvidenceImmutabilityPolicy
output INTAKE_EVENT_SUBSCRIPTION string = intakeEventSubscription
output SERVICE_BUS_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
