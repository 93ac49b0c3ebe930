// User-assigned managed identities: one for the function app, one for Event Grid's dead-lettering.
// They are created before any role assignment so that every assignment is in place before the
// resources that use it start.

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Name of the function app identity.')
param appIdentityName string

@description('Name of the identity Event Grid uses to write undeliverable events.')
param eventGridIdentityName string

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: appIdentityName
  location: location
  tags: tags
}

resource eventGridIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: eventGridIdentityName
  location: location
  tags: tags
}

output appIdentityId string = appIdentity.id
output appIdentityPrincipalId string = appIdentity.properties.principalId
output appIdentityClientId string = appIdentity.properties.clientId
output eventGridIdentityId string = eventGridIdentity.id
output eventGridIdentityPrincipalId string = eventGridIdentity.properties.principalId
