// The Function App on the Flex Consumption plan (Linux, scale to zero) and every app setting it reads.

param planName string
param appName string
param location string
param tags object

param identityId string
param identityClientId string

param storageAccountName string
param deploymentContainerName string

param applicationInsightsConnectionString string
param keyVaultName string

@allowed([512, 2048, 4096])
param instanceMemoryMB int
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

param allowedOrigins string[]
param publicBaseUrl string
param newsletterSchedule string
param sendGridSenderEmail string
param sendGridSenderName string

@description('Ids of the token signing keys, oldest first; the last one signs, all of them verify.')
param tokenSigningKeyIds string[]

var secretNames = {
  sendGridApiKey: 'sendgrid-api-key'
  tokenSigningKeyPrefix: 'token-signing-key-'
}

// Versionless references: a new secret version reaches the app on its next restart (or within a day).
func keyVaultReference(vault string, secret string) string =>
  '@Microsoft.KeyVault(VaultName=${vault};SecretName=${secret})'

var blobServiceUri = 'https://${storageAccountName}.blob.${environment().suffixes.storage}'
var queueServiceUri = 'https://${storageAccountName}.queue.${environment().suffixes.storage}'
var tableServiceUri = 'https://${storageAccountName}.table.${environment().suffixes.storage}'

var tokenSigningKeySettings = [
  for keyId in tokenSigningKeyIds: {
    name: 'Tokens__SigningKeys__${keyId}'
    value: keyVaultReference(keyVaultName, '${secretNames.tokenSigningKeyPrefix}${keyId}')
  }
]

// Every app setting except the token signing keys, whose names depend on a parameter. InfrastructureTests
// reads this variable from the compiled template: keep it a literal list of { name, value } objects.
var appSettings = [
  // Functions host storage, identity-based (Flex Consumption sets the worker runtime itself).
  { name: 'AzureWebJobsStorage__blobServiceUri', value: blobServiceUri }
  { name: 'AzureWebJobsStorage__queueServiceUri', value: queueServiceUri }
  { name: 'AzureWebJobsStorage__tableServiceUri', value: tableServiceUri }
  { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
  { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
  // Telemetry with Entra authentication: the resource accepts no instrumentation-key-only ingestion.
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsightsConnectionString }
  { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
  // DefaultAzureCredential, wherever the app or an SDK falls back to it, picks the user-assigned identity.
  { name: 'AZURE_CLIENT_ID', value: identityClientId }
  // The app's own data (StorageOptions). No Storage__ConnectionString: the account has no shared keys,
  // and its presence would switch the app to connection-string mode.
  { name: 'Storage__BlobServiceUri', value: blobServiceUri }
  { name: 'Storage__TableServiceUri', value: tableServiceUri }
  { name: 'Storage__ManagedIdentityClientId', value: identityClientId }
  { name: 'Storage__ResourcePrefix', value: '' }
  { name: 'Storage__NetworkTimeout', value: '00:00:30' }
  // HealthOptions.
  { name: 'Health__CheckTimeout', value: '00:00:05' }
  // Links in emails are built from this; without a custom domain it is the app's own host name
  // (spelled out because the site cannot reference its own defaultHostName while being created).
  { name: 'PublicBaseUrl', value: empty(publicBaseUrl) ? 'https://${appName}.azurewebsites.net' : publicBaseUrl }
  // The SendNewsletter timer reads its schedule as %NewsletterSchedule%.
  { name: 'NewsletterSchedule', value: newsletterSchedule }
  { name: 'SendGrid__ApiKey', value: keyVaultReference(keyVaultName, secretNames.sendGridApiKey) }
  { name: 'SendGrid__SenderEmail', value: sendGridSenderEmail }
  { name: 'SendGrid__SenderName', value: sendGridSenderName }
  { name: 'Tokens__ActiveSigningKeyId', value: last(tokenSigningKeyIds) }
]

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-11-01' = {
  name: appName
  location: location
  tags: union(tags, { 'azd-service-name': 'functions' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobServiceUri}/${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      cors: {
        allowedOrigins: allowedOrigins
        supportCredentials: false
      }
      appSettings: concat(appSettings, tokenSigningKeySettings)
    }
  }
}

// Deployment goes through azd with Entra credentials; username/password publishing stays off.
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
output tokenSigningKeySecretNames string[] = [
  for keyId in tokenSigningKeyIds: '${secretNames.tokenSigningKeyPrefix}${keyId}'
]
output sendGridApiKeySecretName string = secretNames.sendGridApiKey
