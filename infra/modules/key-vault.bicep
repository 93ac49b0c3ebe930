// Key Vault for the audit chain key: the app reads it through a Key Vault reference (its identity
// holds Key Vault Secrets User here, see rbac.bicep), so the key is in no app setting, log or
// deployment output. RBAC authorization only (no access policies), purge protection on: a deleted
// key would make every record it keyed unverifiable.

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@minLength(3)
@maxLength(24)
@description('Key Vault name.')
param vaultName string

@description('Name of the secret holding the audit chain key.')
param auditChainKeySecretName string

@secure()
@minLength(44)
@description('The audit chain key: base64 of at least 32 random bytes (azd: AUDIT_CHAIN_KEY, generated once by the preprovision hook).')
param auditChainKey string

@description('Log Analytics workspace receiving the vault\'s audit events.')
param workspaceId string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource chainKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: auditChainKeySecretName
  properties: {
    value: auditChainKey
    contentType: 'base64 HMAC-SHA256 key of the audit chain'
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: vault
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'audit'
        enabled: true
      }
    ]
  }
}

output vaultName string = vault.name
output chainKeySecretName string = chainKey.name
