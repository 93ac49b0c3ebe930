// App Service Authentication (Easy Auth) in front of the portal API: the platform validates every
// caller's Entra ID token before the app sees the request, refuses (401) any request without one,
// strips client-sent X-MS-CLIENT-PRINCIPAL headers and passes the validated principal in that header.
// The app trusts the header only when the platform reports Easy Auth on (WEBSITE_AUTH_ENABLED, set
// by this resource) and reads the caller's object id (oid) and name_typ claim from it
// (Pipeline.Portal.PortalAuthenticator); what each caller may see is its grant, an app setting.

@description('Function app name.')
param appName string

@minLength(1)
@description('Application (client) id of the Entra ID app registration that represents the portal API.')
param clientId string

@minLength(1)
@description('Entra ID tenant that issues the callers\' tokens.')
param tenantId string

@description('Token audiences accepted besides the client id itself (v2 tokens carry the client id; v1 tokens the Application ID URI).')
param allowedAudiences array

@description('Paths outside Easy Auth: each must be protected by its own key.')
param excludedPaths array

resource app 'Microsoft.Web/sites@2024-04-01' existing = {
  name: appName
}

resource authSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      // An API: no sign-in redirect, a 401 the portal's client understands.
      unauthenticatedClientAction: 'Return401'
      excludedPaths: excludedPaths
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenantId}/v2.0'
          clientId: clientId
        }
        validation: {
          allowedAudiences: union([
            'api://${clientId}'
          ], allowedAudiences)
        }
      }
    }
    login: {
      // The app reads the principal header, never stored tokens.
      tokenStore: {
        enabled: false
      }
    }
  }
}
