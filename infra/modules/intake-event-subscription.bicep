// The Event Grid subscription that drives the blob trigger (Source = EventGrid) of IngestUpload:
// BlobCreated on the intake container only, for the four operations that complete a blob, to the
// blob extension's webhook. Undeliverable events are dead-lettered to a container with the topic's
// managed identity (no key), where reconciliation and an alert find them.
//
// The webhook URL carries the host's blobs_extension system key: that is how the Functions blob
// extension authenticates Event Grid. The key is read here with listKeys at deployment time and
// written only into the subscription's endpoint URL, which Event Grid stores write-only (it returns
// endpointBaseUrl without the query). It is not an app setting, not an output, and not in any
// parameter file.

@description('System topic name.')
param topicName string

@description('Function app name.')
param functionAppName string

@description('Name of the blob-triggered function.')
param functionName string

@description('Intake container name.')
param intakeContainerName string

@description('Resource id of the evidence storage account (dead-letter destination).')
param deadLetterStorageAccountId string

@description('Container receiving undeliverable events.')
param deadLetterContainerName string

@description('Resource id of the identity the topic uses to write undeliverable events.')
param deadLetterIdentityId string

@minValue(1)
@maxValue(30)
@description('Delivery attempts before an event is dead-lettered.')
param maxDeliveryAttempts int

@minValue(1)
@maxValue(1440)
@description('Minutes Event Grid keeps retrying an event before it is dead-lettered.')
param eventTimeToLiveInMinutes int

resource topic 'Microsoft.EventGrid/systemTopics@2024-06-01-preview' existing = {
  name: topicName
}

resource app 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

// Microsoft.Web/sites/host has no Bicep type, so its keys are listed by resource id.
var blobsExtensionKey = listKeys('${app.id}/host/default', app.apiVersion).systemKeys.blobs_extension

resource subscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2024-06-01-preview' = {
  parent: topic
  name: 'intake-blob-created'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${app.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${functionName}&code=${blobsExtensionKey}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/${intakeContainerName}/'
      advancedFilters: [
        {
          operatorType: 'StringIn'
          key: 'data.api'
          values: [
            'PutBlob'
            'PutBlockList'
            'CopyBlob'
            'FlushWithClose'
          ]
        }
      ]
    }
    retryPolicy: {
      maxDeliveryAttempts: maxDeliveryAttempts
      eventTimeToLiveInMinutes: eventTimeToLiveInMinutes
    }
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'UserAssigned'
        userAssignedIdentity: deadLetterIdentityId
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: deadLetterStorageAccountId
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
}

output subscriptionName string = subscription.name
