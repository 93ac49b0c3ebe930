// The evidence storage account: where uploads land (intake), where accepted documents are kept
// for good (evidence, version-level WORM), rejected uploads (quarantine), reconciliation output
// (reports), the documents table, the integrity-check queue and the reconciliation-shard queue.
//
// Durability stack, from the inside out: create-only RBAC for the app on evidence (see rbac.bicep),
// version-level immutability (WORM) on evidence, blob versioning, blob and container soft delete,
// change feed, and a daily blob inventory for reconciliation at scale. Point-in-time restore is
// off: it cannot be enabled on an account that holds version-level immutable containers.

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@minLength(3)
@maxLength(24)
@description('Evidence storage account name.')
param accountName string

@allowed([
  'Standard_ZRS'
  'Standard_GZRS'
  'Standard_RAGZRS'
  'Standard_LRS'
  'Standard_GRS'
  'Standard_RAGRS'
])
@description('Replication of the evidence account.')
param skuName string

@description('Container where portal uploads land: intake/{caseId}/{uploadId}/{fileName}.')
param intakeContainerName string

@description('Container of accepted evidence: create-only, WORM.')
param evidenceContainerName string

@description('Container of rejected uploads, kept with their reasons.')
param quarantineContainerName string

@description('Container of reconciliation reports, run checkpoints and the lock blob.')
param reportsContainerName string

@description('Container of the chain heads each reconciliation run anchored: create-only, WORM.')
param anchorsContainerName string

@description('Container the daily blob inventory is written to.')
param inventoryContainerName string

@description('Container Event Grid writes undeliverable intake events to.')
param eventGridDeadLetterContainerName string

@description('Table of document records.')
param documentsTableName string

@description('Storage queue carrying integrity checks while the transport is StorageQueue.')
param integrityQueueName string

@description('Queue the Functions blob trigger moves a blob\'s message to after its last failed try.')
param blobTriggerPoisonQueueName string

@description('Queue of reconciliation shards (transport StorageQueue); its poison queue is <name>-poison.')
param reconciliationShardQueueName string

@minValue(1)
@maxValue(365)
@description('Days deleted blobs and deleted containers stay recoverable.')
param softDeleteRetentionDays int

@minValue(1)
@maxValue(146000)
@description('Days the change feed is kept.')
param changeFeedRetentionDays int

@minValue(1)
@maxValue(146000)
@description('Days every version of an evidence blob is immutable after it is created (WORM).')
param evidenceRetentionDays int

@minValue(1)
@maxValue(146000)
@description('Days every version of a quarantined upload is immutable after it is created (WORM).')
param quarantineRetentionDays int

@minValue(1)
@maxValue(146000)
@description('Days every anchor version is immutable after it is created (WORM).')
param anchorRetentionDays int

@minValue(7)
@description('Days after its last modification before a processed intake upload moves to the cool tier.')
param intakeCoolAfterDays int

@minValue(30)
@description('Days after its last modification before a processed intake upload is deleted (then soft-deleted for softDeleteRetentionDays).')
param intakeDeleteAfterDays int

@allowed([
  'Csv'
  'Parquet'
])
@description('Format of the daily blob inventory.')
param inventoryFormat string

@description('Log Analytics workspace receiving diagnostics.')
param workspaceId string

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: accountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
    accessTier: 'Hot'
    encryption: {
      requireInfrastructureEncryption: true
      keySource: 'Microsoft.Storage'
      services: {
        blob: {
          enabled: true
          keyType: 'Account'
        }
        file: {
          enabled: true
          keyType: 'Account'
        }
        table: {
          enabled: true
          keyType: 'Account'
        }
        queue: {
          enabled: true
          keyType: 'Account'
        }
      }
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    isVersioningEnabled: true
    changeFeed: {
      enabled: true
      retentionInDays: changeFeedRetentionDays
    }
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
      allowPermanentDelete: false
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
    // Point-in-time restore rewrites blobs to an earlier state; it is not supported together with
    // version-level immutability on the evidence container, which wins.
    restorePolicy: {
      enabled: false
    }
  }
}

resource intakeContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: intakeContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource evidenceContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: evidenceContainerName
  properties: {
    publicAccess: 'None'
    // Version-level WORM: every version written here is immutable for evidenceRetentionDays and
    // can carry a legal hold of its own (Set Blob Legal Hold), independently of the policy.
    immutableStorageWithVersioning: {
      enabled: true
    }
  }
}

// The container's default version-level policy, applied to every new blob version in evidence.
// It is created unlocked; locking is a separate, irreversible POST (see the lock parameter in
// main.bicep and infra/hooks/postprovision.sh): a locked policy can be lengthened but never
// shortened or removed, and the container and account can then not be deleted while it holds data.
resource evidenceImmutability 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2023-05-01' = {
  parent: evidenceContainer
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: evidenceRetentionDays
    allowProtectedAppendWrites: false
    allowProtectedAppendWritesAll: false
  }
}

// Rejected uploads are records of what a portal submitted: written once, never modified, so WORM as well.
resource quarantineContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: quarantineContainerName
  properties: {
    publicAccess: 'None'
    immutableStorageWithVersioning: {
      enabled: true
    }
  }
}

resource quarantineImmutability 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2023-05-01' = {
  parent: quarantineContainer
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: quarantineRetentionDays
    allowProtectedAppendWrites: false
    allowProtectedAppendWritesAll: false
  }
}

resource reportsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: reportsContainerName
  properties: {
    publicAccess: 'None'
  }
}

// Chain heads anchored by each reconciliation run: the app's role there creates blobs and never
// overwrites or deletes them, and version-level WORM keeps every version anyone writes, so the
// heads a run saw cannot be rewritten afterwards, by the app or by anyone who can write the table.
resource anchorsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: anchorsContainerName
  properties: {
    publicAccess: 'None'
    immutableStorageWithVersioning: {
      enabled: true
    }
  }
}

resource anchorsImmutability 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2023-05-01' = {
  parent: anchorsContainer
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: anchorRetentionDays
    allowProtectedAppendWrites: false
    allowProtectedAppendWritesAll: false
  }
}

resource inventoryContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: inventoryContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource eventGridDeadLetterContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: eventGridDeadLetterContainerName
  properties: {
    publicAccess: 'None'
  }
}

// Lifecycle: only intake uploads the pipeline has finished with (index tag pipeline-state) are
// cooled and then expired, long after processing. Uploads marked `conflict` wait for a person and
// are never touched. No rule names evidence, quarantine or reports: every rule has a prefix.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [for state in ['ingested', 'duplicate', 'rejected']: {
        name: 'intake-${state}-cool-then-expire'
        enabled: true
        type: 'Lifecycle'
        definition: {
          filters: {
            blobTypes: [
              'blockBlob'
            ]
            prefixMatch: [
              '${intakeContainer.name}/'
            ]
            blobIndexMatch: [
              {
                name: 'pipeline-state'
                op: '=='
                value: state
              }
            ]
          }
          actions: {
            baseBlob: {
              tierToCool: {
                daysAfterModificationGreaterThan: intakeCoolAfterDays
              }
              delete: {
                daysAfterModificationGreaterThan: intakeDeleteAfterDays
              }
            }
          }
        }
      }]
    }
  }
}

// Daily inventory of intake, evidence and quarantine (every version) for reconciliation at scale:
// name, length, Content-MD5, ETag, version id and metadata, plus what says whether a version is
// the current one and what protects it.
resource inventory 'Microsoft.Storage/storageAccounts/inventoryPolicies@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      enabled: true
      type: 'Inventory'
      rules: [
        {
          name: 'reconciliation-daily'
          enabled: true
          destination: inventoryContainer.name
          definition: {
            format: inventoryFormat
            schedule: 'Daily'
            objectType: 'Blob'
            filters: {
              blobTypes: [
                'blockBlob'
                'appendBlob'
              ]
              includeBlobVersions: true
              includeSnapshots: false
              includeDeleted: true
              prefixMatch: [
                '${intakeContainer.name}/'
                '${evidenceContainer.name}/'
                '${quarantineContainer.name}/'
              ]
            }
            schemaFields: [
              'Name'
              'Creation-Time'
              'Last-Modified'
              'Content-Length'
              'Content-MD5'
              'Content-Type'
              'Etag'
              'VersionId'
              'IsCurrentVersion'
              'Deleted'
              'Metadata'
              'Tags'
              'LegalHold'
              'ImmutabilityPolicyUntilDate'
              'ImmutabilityPolicyMode'
            ]
          }
        }
      ]
    }
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource documentsTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = {
  parent: tableService
  name: documentsTableName
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource integrityQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: integrityQueueName
}

// Created here so that the app's queue-scoped role covers it: the Functions queue trigger moves a
// message here after maxDequeueCount failures, and the poison-queue alert watches for that.
resource integrityPoisonQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: '${integrityQueueName}-poison'
}

// The blob extension writes poison blobs' messages to this queue in the trigger connection's
// account; created here so that a queue-scoped role covers it and the poison alert sees it.
resource blobTriggerPoisonQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: blobTriggerPoisonQueueName
}

// Shards of a sharded reconciliation (transport StorageQueue): the app sends them and its ReconcileShard
// queue trigger (or the local host's receiver) consumes them. Its poison queue is created here for the same
// reason as the integrity one: a queue-scoped role covers it and the poison alert sees it.
resource reconciliationShardQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: reconciliationShardQueueName
}

resource reconciliationShardPoisonQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: '${reconciliationShardQueueName}-poison'
}

resource accountDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: account
  properties: {
    workspaceId: workspaceId
    metrics: [
      {
        category: 'Transaction'
        enabled: true
      }
    ]
  }
}

resource blobDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: blobService
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
        category: 'Transaction'
        enabled: true
      }
    ]
  }
}

resource tableDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: tableService
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
        category: 'Transaction'
        enabled: true
      }
    ]
  }
}

resource queueDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: queueService
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
        category: 'Transaction'
        enabled: true
      }
    ]
  }
}

output accountId string = account.id
output accountName string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
output integrityPoisonQueueName string = integrityPoisonQueue.name
output blobTriggerPoisonQueueName string = blobTriggerPoisonQueue.name
output reconciliationShardQueueName string = reconciliationShardQueue.name
output reconciliationShardPoisonQueueName string = reconciliationShardPoisonQueue.name
output documentsTableName string = documentsTable.name
output integrityQueueName string = integrityQueue.name
output reportsContainerName string = reportsContainer.name
output anchorsContainerName string = anchorsContainer.name
output eventGridDeadLetterContainerName string = eventGridDeadLetterContainer.name
