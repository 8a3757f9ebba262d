// Diagnostic settings: who read the vault's keys, who touched the app's blobs and tables, and which Event Grid
// deliveries failed, all to the Log Analytics workspace (30 days, like the rest of the telemetry).

param logAnalyticsWorkspaceId string
param keyVaultName string
param storageAccountName string
param eventGridSystemTopicName string

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'
  }

  resource tableService 'tableServices' existing = {
    name: 'default'
  }
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: eventGridSystemTopicName
}

// Every read of a secret (the app's references, an operator, the hooks) and every change, with the caller's identity.
resource vaultAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'key-vault-audit'
  scope: vault
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        categoryGroup: 'audit'
        enabled: true
      }
    ]
  }
}

var storageDataAccess = [
  {
    category: 'StorageRead'
    enabled: true
  }
  {
    category: 'StorageWrite'
    enabled: true
  }
  {
    category: 'StorageDelete'
    enabled: true
  }
]

// Members' uploads, documents and the deployment package.
resource blobDataAccess 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'blob-data-access'
  scope: storage::blobService
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: storageDataAccess
  }
}

// Members, consent, ballots and every other table.
resource tableDataAccess 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'table-data-access'
  scope: storage::tableService
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: storageDataAccess
  }
}

// Deliveries to IngestDocument that failed (and why), plus the topic's metrics (dead-lettered events included).
resource topicDeliveryFailures 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'event-grid-delivery-failures'
  scope: topic
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        category: 'DeliveryFailures'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

output names string[] = [vaultAudit.name, blobDataAccess.name, tableDataAccess.name, topicDeliveryFailures.name]
