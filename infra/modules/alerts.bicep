// Alerts. Each fires when something needs a person: a message the pipeline gave up on, an anomaly
// reconciliation found, a failed function execution.

@description('Tags for every resource.')
param tags object

@description('Azure region of the log search alerts.')
param location string

@description('Name prefix of the alert rules.')
param namePrefix string

@description('Resource id of an existing action group to notify; empty creates one (see alertEmailAddress).')
param actionGroupResourceId string

@description('Email address the created action group notifies; empty means no receiver yet.')
param alertEmailAddress string

@description('Service Bus namespace id (dead-letter alert).')
param serviceBusNamespaceId string

@description('Event Grid system topic id (dead-lettered intake events alert).')
param eventGridTopicId string

@description('Application Insights id (function failures, reconciliation anomalies).')
param appInsightsId string

@description('Log Analytics workspace id (poison-queue alert over storage queue logs).')
param workspaceId string

var createActionGroup = empty(actionGroupResourceId)

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (createActionGroup) {
  name: '${namePrefix}-ag'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'evidence'
    enabled: true
    emailReceivers: empty(alertEmailAddress)
      ? []
      : [
          {
            name: 'operations'
            emailAddress: alertEmailAddress
            useCommonAlertSchema: true
          }
        ]
  }
}

var actionGroupId = createActionGroup ? actionGroup.id : actionGroupResourceId

// Service Bus: any message dead-lettered on any queue (integrity checks, reconciliation shards).
resource serviceBusDeadLetters 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${namePrefix}-servicebus-dead-letters'
  location: 'global'
  tags: tags
  properties: {
    description: 'A Service Bus message was dead-lettered (max deliveries or expiry). Inspect the queue\'s $DeadLetterQueue.'
    severity: 1
    enabled: true
    scopes: [
      serviceBusNamespaceId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'dead-lettered-messages'
          metricNamespace: 'Microsoft.ServiceBus/namespaces'
          metricName: 'DeadletteredMessages'
          dimensions: [
            {
              name: 'EntityName'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Maximum'
        }
      ]
    }
    actions: [
      {
        actionGroupId: actionGroupId
      }
    ]
  }
}

// Event Grid: an intake BlobCreated event could not be delivered to the blob trigger and was
// written to the dead-letter container instead.
resource eventGridDeadLetters 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${namePrefix}-eventgrid-dead-letters'
  location: 'global'
  tags: tags
  properties: {
    description: 'An intake upload event was dead-lettered: the upload was not ingested. Reconciliation lists it; the event is in the dead-letter container.'
    severity: 1
    enabled: true
    scopes: [
      eventGridTopicId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'dead-lettered-events'
          metricNamespace: 'Microsoft.EventGrid/systemTopics'
          metricName: 'DeadLetteredCount'
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Total'
        }
      ]
    }
    actions: [
      {
        actionGroupId: actionGroupId
      }
    ]
  }
}

// Function failures: any failed execution (requests with success == false in Application Insights).
resource functionFailures 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${namePrefix}-function-failures'
  location: 'global'
  tags: tags
  properties: {
    description: 'A function execution failed.'
    severity: 2
    enabled: true
    scopes: [
      appInsightsId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'failed-executions'
          metricNamespace: 'microsoft.insights/components'
          metricName: 'requests/failed'
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Count'
        }
      ]
    }
    actions: [
      {
        actionGroupId: actionGroupId
      }
    ]
  }
}

// Reconciliation findings (routine re-verification has its own counter and no alert): the app's counter pipeline.reconciliation.anomalies (meter
// Pipeline.Reconciliation) arrives in Application Insights as customMetrics of that name.
// Custom metrics are not platform metrics, so this is a log search alert over customMetrics.
resource reconciliationAnomalies 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: '${namePrefix}-reconciliation-anomalies'
  location: location
  tags: tags
  properties: {
    description: 'Reconciliation found an anomaly (missing, orphaned or mismatched evidence). Read the latest report in the reports container.'
    displayName: 'Reconciliation anomalies > 0'
    severity: 1
    enabled: true
    scopes: [
      appInsightsId
    ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT15M'
    autoMitigate: false
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "pipeline.reconciliation.anomalies" | summarize anomalies = sum(valueSum)'
          timeAggregation: 'Total'
          metricMeasureColumn: 'anomalies'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [
        actionGroupId
      ]
    }
  }
}

// Poison queues: a message was put on any queue ending in -poison (the integrity queue's and the
// reconciliation-shard queue's poison queues, the blob trigger's webjobs-blobtrigger-poison). Storage queue metrics have no per-queue
// dimension, so this reads the queue logs the diagnostic settings send to Log Analytics: a
// PutMessage to a poison queue is the moment its length goes above zero.
resource poisonQueues 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: '${namePrefix}-poison-queue-messages'
  location: location
  tags: tags
  properties: {
    description: 'A message was moved to a poison queue after repeated failures. Inspect the queue named in the alert.'
    displayName: 'Poison queue length > 0'
    severity: 1
    enabled: true
    scopes: [
      workspaceId
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    autoMitigate: false
    criteria: {
      allOf: [
        {
          query: 'StorageQueueLogs | where OperationName == "PutMessage" and StatusCode between (200 .. 299) | where Uri contains "-poison/messages" | extend queue = tostring(split(split(Uri, "?")[0], "/")[3]) | summarize messages = count() by queue'
          timeAggregation: 'Total'
          metricMeasureColumn: 'messages'
          dimensions: [
            {
              name: 'queue'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    actions: {
      actionGroups: [
        actionGroupId
      ]
    }
  }
}
