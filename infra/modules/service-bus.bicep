// Service Bus namespace for integrity checks and reconciliation shards. Local (SAS) auth is off:
// only Entra ID identities with a data role can send or receive.

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Service Bus namespace name.')
param namespaceName string

@allowed([
  'Standard'
  'Premium'
])
@description('Namespace tier. Standard is the least that supports duplicate detection.')
param skuName string

@description('Queue carrying integrity checks.')
param integrityQueueName string

@description('Queue carrying reconciliation shards.')
param reconciliationShardQueueName string

@description('ISO 8601 duration within which a message with the same MessageId is dropped as a duplicate.')
param duplicateDetectionWindow string

@minValue(1)
@maxValue(2000)
@description('Deliveries of a message before Service Bus dead-letters it.')
param maxDeliveryCount int

@description('ISO 8601 lock duration of an integrity check (at most PT5M); the app renews longer ones.')
param integrityLockDuration string

@description('ISO 8601 lock duration of a reconciliation shard (at most PT5M).')
param reconciliationLockDuration string

@description('ISO 8601 time to live of a message; expired messages are dead-lettered, never dropped.')
param messageTimeToLive string

@description('Log Analytics workspace receiving diagnostics.')
param workspaceId string

resource namespace 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' = {
  name: namespaceName
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuName
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource integrityQueue 'Microsoft.ServiceBus/namespaces/queues@2022-10-01-preview' = {
  parent: namespace
  name: integrityQueueName
  properties: {
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
    maxDeliveryCount: maxDeliveryCount
    deadLetteringOnMessageExpiration: true
    lockDuration: integrityLockDuration
    defaultMessageTimeToLive: messageTimeToLive
    requiresSession: false
    enablePartitioning: false
  }
}

resource reconciliationShardQueue 'Microsoft.ServiceBus/namespaces/queues@2022-10-01-preview' = {
  parent: namespace
  name: reconciliationShardQueueName
  properties: {
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
    maxDeliveryCount: maxDeliveryCount
    deadLetteringOnMessageExpiration: true
    lockDuration: reconciliationLockDuration
    defaultMessageTimeToLive: messageTimeToLive
    requiresSession: false
    enablePartitioning: false
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: namespace
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
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

output namespaceId string = namespace.id
output namespaceName string = namespace.name
// The host name the SDK connects to, derived from the namespace's endpoint (no cloud suffix here).
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '//')[1], ':')[0]
output integrityQueueName string = integrityQueue.name
output reconciliationShardQueueName string = reconciliationShardQueue.name
