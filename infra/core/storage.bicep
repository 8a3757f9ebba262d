// The storage account of the deployment: the Functions host's own state, the deployment package and
// the app's tables and containers. Only Entra identities get in: shared keys, and therefore
// connection strings and account-key SAS, are switched off.

param name string
param location string
param tags object

@description('Tables the app uses (base names: Storage__ResourcePrefix is empty in Azure).')
param tableNames string[]

@description('Blob containers the app uses, plus the deployment package container.')
param containerNames string[]

@description('Queues the app uses (transactional mail; the queue trigger listens on these names).')
param queueNames string[]

@description('Origins of the web pages that upload to blob storage directly with a SAS URL: the app\'s own upload page and the community sites.')
param uploadOrigins string[]

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    // Flex Consumption without a virtual network reaches storage over its public endpoint.
    publicNetworkAccess: 'Enabled'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: storage
  name: 'default'
  properties: {
    // An overwritten or deleted document or deployment package can be restored for a week.
    deleteRetentionPolicy: {
      enabled: true
      days: 7
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: 7
    }
    // Members' browsers PUT uploads straight to blob storage with a user-delegation SAS, from the app's upload
    // page (cross-origin: the page is on the app's host, the SAS URL on the blob endpoint) or a community site.
    cors: {
      corsRules: [
        {
          allowedOrigins: uploadOrigins
          allowedMethods: ['PUT', 'OPTIONS']
          allowedHeaders: ['content-type', 'x-ms-blob-type', 'x-ms-*']
          exposedHeaders: ['x-ms-request-id', 'etag']
          maxAgeInSeconds: 3600
        }
      ]
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = [
  for containerName in containerNames: {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-01-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-01-01' = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-01-01' = [
  for queueName in queueNames: {
    parent: queueService
    name: queueName
  }
]

output name string = storage.name
output id string = storage.id
