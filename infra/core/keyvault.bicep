// Key Vault for the app's secrets (SendGrid API key, token signing keys). Access is by Azure RBAC only:
// no access policies, so who can read a secret is visible in one place, the role assignments.
// The template creates no secrets: re-provisioning would overwrite the real values with placeholders.

param name string
param location string
param tags object

@description('Keep deleted secrets and the vault from being purged during the retention period. Cannot be switched off again once on.')
param enablePurgeProtection bool

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
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
    // The service rejects an explicit false, so "off" is expressed by leaving the property out.
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
