// The Event Grid system topic of the storage account. Its subscription to the IngestDocument webhook is
// created by infra/hooks/postdeploy.*: the webhook URL carries the blobs_extension system key, which
// exists only once the code is deployed. The topic's own identity writes events that could not be delivered
// (after 30 attempts over 24 hours) into the dead-letter container: shared keys are off.

param name string
param location string
param tags object
param storageAccountId string

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: storageAccountId
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output name string = topic.name
output principalId string = topic.identity.principalId
