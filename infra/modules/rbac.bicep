// Least-privilege data-plane access. Every assignment:
//   * is on the smallest scope that works (a container, a table, a queue, a Service Bus queue),
//   * is named guid(scope, principalId, roleDefinitionId), so redeploying never duplicates it,
//   * has principalType ServicePrincipal (managed identities), so it works before Entra ID replicates.
// No Owner, Contributor, User Access Administrator or Storage Blob Data Owner anywhere.
//
// Three custom roles, because every built-in blob role over-grants for this app:
//   * Storage Blob Data Contributor can delete and overwrite, and cannot touch blob index tags;
//   * Storage Blob Data Owner can do everything to a blob, tags and ACLs included.
// Per the Blob Storage data actions: creating a blob is .../blobs/add/action, overwriting an
// existing one is .../blobs/write, and index tags are .../blobs/tags/read and .../blobs/tags/write.

@description('Principal id of the function app identity.')
param appPrincipalId string

@description('Principal id of the identity Event Grid dead-letters with.')
param eventGridPrincipalId string

@description('Evidence storage account name.')
param evidenceStorageAccountName string

@description('Functions host storage account name.')
param hostStorageAccountName string

@description('Service Bus namespace name.')
param serviceBusNamespaceName string

@description('Application Insights component name.')
param appInsightsName string

param intakeContainerName string
param evidenceContainerName string
param quarantineContainerName string
param reportsContainerName string
param anchorsContainerName string
param inventoryContainerName string
param eventGridDeadLetterContainerName string
param documentsTableName string
param integrityQueueName string
param integrityPoisonQueueName string

@description('Key Vault holding the audit chain key.')
param keyVaultName string

@description('Evidence-account queue the blob trigger moves poison blobs to.')
param blobTriggerPoisonQueueName string

param serviceBusIntegrityQueueName string

@description('Evidence-account queue of reconciliation shards (transport StorageQueue) and its poison queue.')
param reconciliationShardQueueName string
param reconciliationShardPoisonQueueName string

@description('Service Bus queue of reconciliation shards.')
param serviceBusReconciliationShardQueueName string

var builtInRoles = {
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageBlobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  storageBlobDelegator: 'db58b8e5-c6ad-4a2a-8342-4190687cbf4a'
}

// ---- Custom roles ---------------------------------------------------------------------------

// intake: read uploads and their metadata, read and write the pipeline-state index tag.
// Never write, overwrite or delete an upload.
resource intakeProcessorRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'pipeline-intake-processor')
  properties: {
    roleName: 'Pipeline Intake Processor (${resourceGroup().name})'
    description: 'Read intake uploads and their metadata; read and write blob index tags. No write, no delete.'
    type: 'CustomRole'
    permissions: [
      {
        actions: []
        notActions: []
        dataActions: [
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags/read'
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags/write'
        ]
        notDataActions: []
      }
    ]
    assignableScopes: [
      resourceGroup().id
    ]
  }
}

// evidence, quarantine and anchors: create new blobs (If-None-Match:*), read, list. Overwrite (blobs/write)
// and delete are not granted: RBAC refuses them before WORM has to.
resource createOnlyRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'pipeline-blob-create-only')
  properties: {
    roleName: 'Pipeline Blob Create-Only Writer (${resourceGroup().name})'
    description: 'Create new blobs, read and list them. No overwrite, no delete, no tags, no immutability changes.'
    type: 'CustomRole'
    permissions: [
      {
        actions: []
        notActions: []
        dataActions: [
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action'
        ]
        notDataActions: []
      }
    ]
    assignableScopes: [
      resourceGroup().id
    ]
  }
}

// reports: create and overwrite reports and checkpoints, lease the lock blob, append to append
// blobs, read and list. No delete (previous versions stay, versioning is on).
resource reportsWriterRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'pipeline-reports-writer')
  properties: {
    roleName: 'Pipeline Reports Writer (${resourceGroup().name})'
    description: 'Create, overwrite, lease, append to, read and list blobs. No delete.'
    type: 'CustomRole'
    permissions: [
      {
        actions: []
        notActions: []
        dataActions: [
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action'
        ]
        notDataActions: []
      }
    ]
    assignableScopes: [
      resourceGroup().id
    ]
  }
}

// ---- Scopes ---------------------------------------------------------------------------------

resource evidenceStorage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: evidenceStorageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource intake 'containers' existing = {
      name: intakeContainerName
    }

    resource evidence 'containers' existing = {
      name: evidenceContainerName
    }

    resource quarantine 'containers' existing = {
      name: quarantineContainerName
    }

    resource reports 'containers' existing = {
      name: reportsContainerName
    }

    resource anchors 'containers' existing = {
      name: anchorsContainerName
    }

    resource inventory 'containers' existing = {
      name: inventoryContainerName
    }

    resource eventGridDeadLetter 'containers' existing = {
      name: eventGridDeadLetterContainerName
    }
  }

  resource tableService 'tableServices' existing = {
    name: 'default'

    resource documents 'tables' existing = {
      name: documentsTableName
    }
  }

  resource queueService 'queueServices' existing = {
    name: 'default'

    resource integrity 'queues' existing = {
      name: integrityQueueName
    }

    resource integrityPoison 'queues' existing = {
      name: integrityPoisonQueueName
    }

    resource blobTriggerPoison 'queues' existing = {
      name: blobTriggerPoisonQueueName
    }

    resource reconciliationShards 'queues' existing = {
      name: reconciliationShardQueueName
    }

    resource reconciliationShardsPoison 'queues' existing = {
      name: reconciliationShardPoisonQueueName
    }
  }
}

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource hostStorage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: hostStorageAccountName
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' existing = {
  name: serviceBusNamespaceName

  resource integrity 'queues' existing = {
    name: serviceBusIntegrityQueueName
  }

  resource reconciliationShards 'queues' existing = {
    name: serviceBusReconciliationShardQueueName
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// ---- Function app identity on the evidence account --------------------------------------------

var intakeProcessorRoleId = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', intakeProcessorRole.name)
var createOnlyRoleId = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', createOnlyRole.name)
var reportsWriterRoleId = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', reportsWriterRole.name)
var blobDataReaderRoleId = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.storageBlobDataReader)
var blobDataContributorRoleId = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.storageBlobDataContributor)
var queueDataContributorRoleId = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.storageQueueDataContributor)
var tableDataContributorRoleId = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.storageTableDataContributor)
var serviceBusSenderRoleId = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.serviceBusDataSender)
var serviceBusReceiverRoleId = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.serviceBusDataReceiver)
var metricsPublisherRoleId = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.monitoringMetricsPublisher)
var blobDelegatorRoleId = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.storageBlobDelegator)
var keyVaultSecretsUserRoleId = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.keyVaultSecretsUser)

resource appIntake 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(evidenceStorage::blobService::intake.id, appPrincipalId, intakeProcessorRoleId)
  scope: evidenceStorage::blobService::intake
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: intakeProcessorRoleId
  }
}

// ---- Function app identity: the portal API's upload SAS --------------------------------------------
// A user-delegation SAS is signed with a key the app's identity requests (generateUserDelegationKey/action,
// which Azure authorizes only at account scope or above: Storage Blob Delegator, whose one action that is),
// and it is worth at most what that identity may do itself: the SAS's create-only write (sp=c) into
// intake needs blobs/add/action there. So the identity gets the create-only role on intake (add and read;
// read it already has), nothing that overwrites or deletes, and the portal holding the SAS does the write.

resource appUserDelegationKey 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(evidenceStorage.id, appPrincipalId, blobDelegatorRoleId)
  scope: evidenceStorage
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: blobDelegatorRoleId
  }
}

resource appIntakeUploadSas 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(evidenceStorage::blobService::intake.id, appPrincipalId, createOnlyRoleId)
  scope: evidenceStorage::blobService::intake
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: createOnlyRoleId
  }
}

resource appEvidence 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(evidenceStorage::blobService::evidence.id, appPrincipalId, createOnlyRoleId)
  scope: evidenceStorage::blobService::evidence
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: createOnlyRoleId
  }
}

resource appQuarantine 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(evidenceStorage::blobService::quarantine.id, appPrincipalId, createOnlyRoleId)
  scope: evidenceStorage::blobService::quarantine
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: createOnlyRoleId
  }
}

resource appReports 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(evidenceStorage::blobService::reports.id, appPrincipalId, reportsWriterRoleId)
  scope: evidenceStorage::blobService::reports
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: reportsWriterRoleId
  }
}

// anchors: the same create-only role, assigned on its own container. The app adds each run's anchors
// under new names; it can neither overwrite nor delete one (and WORM would refuse it anyway).
resource appAnchors 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(evidenceStorage::blobService::anchors.id, appPrincipalId, createOnlyRoleId)
  scope: evidenceStorage::blobService::anchors
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: createOnlyRoleId
  }
}

resource appInventory 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(evidenceStorage::blobService::inventory.id, appPrincipalId, blobDataReaderRoleId)
  scope: evidenceStorage::blobService::inventory
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: blobDataReaderRoleId
  }
}

resource appDocuments 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(evidenceStorage::tableService::documents.id, appPrincipalId, tableDataContributorRoleId)
  scope: evidenceStorage::tableService::documents
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: tableDataContributorRoleId
  }
}

resource appIntegrityQueue 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(evidenceStorage::queueService::integrity.id, appPrincipalId, queueDataContributorRoleId)
  scope: evidenceStorage::queueService::integrity
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: queueDataContributorRoleId
  }
}

resource appIntegrityPoisonQueue 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(evidenceStorage::queueService::integrityPoison.id, appPrincipalId, queueDataContributorRoleId)
  scope: evidenceStorage::queueService::integrityPoison
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: queueDataContributorRoleId
  }
}

resource appBlobTriggerPoisonQueue 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(evidenceStorage::queueService::blobTriggerPoison.id, appPrincipalId, queueDataContributorRoleId)
  scope: evidenceStorage::queueService::blobTriggerPoison
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: queueDataContributorRoleId
  }
}

// Reconciliation shards (transport StorageQueue): the app sends, receives, hides and deletes shard messages, and the
// queue trigger (or the local receiver) moves a message that is not a shard request to the poison queue.
resource appReconciliationShardQueue 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(evidenceStorage::queueService::reconciliationShards.id, appPrincipalId, queueDataContributorRoleId)
  scope: evidenceStorage::queueService::reconciliationShards
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: queueDataContributorRoleId
  }
}

resource appReconciliationShardPoisonQueue 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(evidenceStorage::queueService::reconciliationShardsPoison.id, appPrincipalId, queueDataContributorRoleId)
  scope: evidenceStorage::queueService::reconciliationShardsPoison
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: queueDataContributorRoleId
  }
}

// ---- Function app identity on the host account (AzureWebJobsStorage) ---------------------------
// The host creates its own containers (locks, keys, receipts), queues and tables at run time, so
// these three are account-scoped; the account holds no evidence.

resource appHostBlobs 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hostStorage.id, appPrincipalId, blobDataContributorRoleId)
  scope: hostStorage
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: blobDataContributorRoleId
  }
}

resource appHostQueues 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hostStorage.id, appPrincipalId, queueDataContributorRoleId)
  scope: hostStorage
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: queueDataContributorRoleId
  }
}

resource appHostTables 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hostStorage.id, appPrincipalId, tableDataContributorRoleId)
  scope: hostStorage
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: tableDataContributorRoleId
  }
}

// ---- Function app identity on Service Bus (queue scope, sender and receiver, never owner) -----

resource appIntegritySender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBus::integrity.id, appPrincipalId, serviceBusSenderRoleId)
  scope: serviceBus::integrity
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: serviceBusSenderRoleId
  }
}

resource appIntegrityReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBus::integrity.id, appPrincipalId, serviceBusReceiverRoleId)
  scope: serviceBus::integrity
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: serviceBusReceiverRoleId
  }
}

// Reconciliation shards (transport ServiceBus): a reconciliation run sends its shards, the ReconcileShardServiceBus
// trigger (or the local receiver) consumes them.
resource appReconciliationShardSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBus::reconciliationShards.id, appPrincipalId, serviceBusSenderRoleId)
  scope: serviceBus::reconciliationShards
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: serviceBusSenderRoleId
  }
}

resource appReconciliationShardReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBus::reconciliationShards.id, appPrincipalId, serviceBusReceiverRoleId)
  scope: serviceBus::reconciliationShards
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: serviceBusReceiverRoleId
  }
}

// ---- Function app identity on Application Insights (Entra ID telemetry ingestion) -------------

resource appTelemetry 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, appPrincipalId, metricsPublisherRoleId)
  scope: appInsights
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: metricsPublisherRoleId
  }
}

// ---- Function app identity on Key Vault: read secrets (the audit chain key) through Key Vault references ----

resource appKeyVaultSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, appPrincipalId, keyVaultSecretsUserRoleId)
  scope: keyVault
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: keyVaultSecretsUserRoleId
  }
}

// ---- Event Grid identity: write undeliverable intake events, and nothing else ------------------

resource eventGridDeadLetter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(evidenceStorage::blobService::eventGridDeadLetter.id, eventGridPrincipalId, blobDataContributorRoleId)
  scope: evidenceStorage::blobService::eventGridDeadLetter
  properties: {
    principalId: eventGridPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: blobDataContributorRoleId
  }
}
