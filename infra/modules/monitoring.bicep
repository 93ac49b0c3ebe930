// Log Analytics workspace and workspace-based Application Insights.
// Application Insights accepts telemetry only from Entra ID (DisableLocalAuth): the function app
// authenticates with its managed identity (APPLICATIONINSIGHTS_AUTHENTICATION_STRING), so the
// instrumentation key in the connection string grants nothing on its own.

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Log Analytics workspace name.')
param workspaceName string

@description('Application Insights component name.')
param appInsightsName string

@minValue(30)
@maxValue(730)
@description('Days Log Analytics keeps logs (diagnostics, function logs, telemetry).')
param retentionInDays int

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      disableLocalAuth: true
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
    IngestionMode: 'LogAnalytics'
  }
}

output workspaceId string = workspace.id
output appInsightsId string = appInsights.id
output appInsightsName string = appInsights.name
