// Event Grid system topic on the evidence account. The intake subscription that feeds the blob
// trigger is in intake-event-subscription.bicep: it needs the function app's blobs_extension key,
// which exists only once the app's code is deployed.

@description('Azure region (the evidence account\'s).')
param location string

@description('Tags for every resource.')
param tags object

@description('System topic name.')
param topicName string

@description('Name of the evidence storage account the topic listens to.')
param evidenceStorageAccountName string

@description('Resource id of the identity the topic uses to write undeliverable events.')
param identityId string

@description('Log Analytics workspace receiving diagnostics.')
param workspaceId string

resource evidenceStorage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: evidenceStorageAccountName
}

resource topic 'Microsoft.EventGrid/systemTopics@2024-06-01-preview' = {
  name: topicName
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    source: evidenceStorage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: topic
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

output topicId string = topic.id
output topicName string = topic.name
