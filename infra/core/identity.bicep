// The one identity the app uses for everything: storage (host and data), Key Vault references,
// Application Insights ingestion and the deployment package. User-assigned so that role assignments
// exist before the app does and survive re-creating it.

param name string
param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
