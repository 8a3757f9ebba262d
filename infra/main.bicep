// Everything the CoP.Functions backend needs in one resource group, deployable to an empty subscription
// with `azd up`. Secure by default (no keys or passwords anywhere: one user-assigned identity and Entra
// RBAC) and cheap when idle (Flex Consumption scales to zero). See infra/README.md.

targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; part of every resource name.')
param environmentName string

// Regions that offer the Flex Consumption plan (az functionapp list-flexconsumption-locations): another region would
// fail half-way through provisioning. azd offers only these when it asks for a location.
@minLength(1)
@description('Azure region of every resource (one that offers Flex Consumption).')
@allowed([
  'australiaeast'
  'centralindia'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'francecentral'
  'germanywestcentral'
  'northcentralus'
  'northeurope'
  'southcentralus'
  'southeastasia'
  'swedencentral'
  'uksouth'
  'westcentralus'
  'westeurope'
  'westus2'
])
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Principal id of whoever runs azd, granted Key Vault Secrets Officer so that the hooks and the operator can set secrets. Empty grants nothing.')
param principalId string = ''

@description('What principalId is: User when a person runs azd; ServicePrincipal in a pipeline (azd env set AZURE_PRINCIPAL_TYPE ServicePrincipal), or the role assignment fails.')
@allowed(['User', 'ServicePrincipal', 'Group'])
param principalType string = 'User'

@description('Where the alerts go (a newsletter issue that needs someone, poison messages, server errors, health check, dead-lettered uploads).')
param alertEmail string

@description('Sender address of every email; must be a verified sender or domain in SendGrid.')
param sendGridSenderEmail string

@description('Display name of the sender of every email.')
param sendGridSenderName string = 'Climate-Soil Community of Practice'

@description('Base URL of the links in emails. Empty means the app\'s own https://<app>.azurewebsites.net.')
param publicBaseUrl string = ''

@description('Origins of the web pages whose scripts call the API or upload documents (CORS), e.g. https://community.example.org. An entry may hold several comma-separated origins.')
param allowedOrigins string[] = []

@description('When the newsletter goes out: six-field NCRONTAB, UTC.')
param newsletterSchedule string = '0 0 8 * * 1'

@description('Where newsletter alerts go (a held issue, batches refused or of unknown outcome); empty: the log only.')
param newsletterAdminEmail string = ''

@description('The operators who may sign in to the console (addresses separated by commas); empty: nobody.')
param consoleOperators string = ''

@description('The Rocket.Chat room that news of topics mapped to no room goes to (e.g. #community); empty: nowhere.')
param chatDefaultChannel string = ''

@description('Version of the privacy text that members consent to; recorded with every consent event.')
param privacyPolicyVersion string = '2026-01'

@description('Verification key of SendGrid\'s Signed Event Webhook (base64, shown by SendGrid; not a secret). Empty: the webhook refuses every post.')
param emailEventsPublicKey string = ''

@description('Memory of each Flex Consumption instance, in MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Upper bound of Flex Consumption scale-out: also an upper bound of the bill.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Comma-separated ids of the token signing keys, oldest first; the last one signs new tokens. Letters and digits only.')
param tokenSigningKeyIds string = 'key1'

@description('Protect the vault and its secrets from being purged (cannot be undone; `azd down --purge` then leaves the vault soft-deleted).')
param enableKeyVaultPurgeProtection bool = false

// Every table and container the app uses, including those of features still to come (the app also
// creates them on first use). Storage__ResourcePrefix is empty in Azure, so these are the real names.
// shared/Storage/StorageNames.cs lists the ones in use; InfrastructureTests checks this list covers them.
var storageLayout = {
  tables: [
    'Topics'
    'Members'
    'MemberEmails'
    'ConsentLedger'
    'Polls'
    'Ballots'
    'Documents'
    'DocumentIndex'
    'DocumentHashes'
    'DocumentUploadCounts'
    'DocumentRemovals'
    'NewsletterIssues'
    'NewsletterDeliveries'
    'EmailEvents'
    'RequestLimits'
    'MailDeliveries'
    'ConsoleSessions'
    'OperatorAudit'
    'Events'
    'EventRegistrations'
    'MemberEvents'
    'EventReminders'
    'Projects'
    'ProjectUpdates'
    'ProjectConfirmations'
    'DomainEvents'
    'ChatChannels'
    'ChatPosts'
    'Webhooks'
    'WebhookDeliveries'
  ]
  containers: [
    'uploads'
    'documents'
    'rejected'
    'newsletter'
    // Member import files an operator previewed in the console: deleted once imported, at most a day later.
    'imports'
    // Projects' boundaries (GeoJSON polygons), one blob per project.
    'project-boundaries'
    // Upload events that Event Grid could not deliver within 24 hours; ReprocessDeadLetteredUploads ingests them.
    'upload-events-deadletter'
  ]
  queues: [
    'transactional-mail'
    'transactional-mail-poison'
    'newsletter-runs'
    'newsletter-runs-poison'
    'chat-posts'
    'chat-posts-poison'
    'webhook-deliveries'
    'webhook-deliveries-poison'
  ]
  deploymentContainer: 'app-package'
  uploadsContainer: 'uploads'
  deadLetterContainer: 'upload-events-deadletter'
}

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var signingKeyIds = filter(map(split(tokenSigningKeyIds, ','), id => trim(id)), id => !empty(id))
// azd substitutes environment variables into strings only, so the parameters file passes ALLOWED_ORIGINS as one
// comma-separated entry (empty when unset).
var origins = filter(map(flatten(map(allowedOrigins, entry => split(entry, ','))), origin => trim(origin)), origin => !empty(origin))
var appName = 'func-${resourceToken}'
// The app's own upload page PUTs files to blob storage from the app's public origin: the custom domain's
// (scheme and host of publicBaseUrl) or the app's own host name.
var appOrigin = empty(publicBaseUrl) ? 'https://${appName}.azurewebsites.net' : '${split(publicBaseUrl, '/')[0]}//${split(publicBaseUrl, '/')[2]}'

resource resourceGroup 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'core/identity.bicep' = {
  scope: resourceGroup
  params: {
    name: 'id-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'core/monitoring.bicep' = {
  scope: resourceGroup
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'core/storage.bicep' = {
  scope: resourceGroup
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    tableNames: storageLayout.tables
    containerNames: concat(storageLayout.containers, [storageLayout.deploymentContainer])
    queueNames: storageLayout.queues
    uploadOrigins: union([appOrigin], origins)
  }
}

module keyVault 'core/keyvault.bicep' = {
  scope: resourceGroup
  params: {
    name: 'kv-${resourceToken}'
    location: location
    tags: tags
    enablePurgeProtection: enableKeyVaultPurgeProtection
  }
}

module roles 'app/roles.bicep' = {
  scope: resourceGroup
  params: {
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    appPrincipalId: identity.outputs.principalId
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
    eventGridPrincipalId: eventGrid.outputs.principalId
    deadLetterContainerName: storageLayout.deadLetterContainer
  }
}

module functions 'app/functions.bicep' = {
  scope: resourceGroup
  params: {
    planName: 'plan-${resourceToken}'
    appName: appName
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: storageLayout.deploymentContainer
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    keyVaultName: keyVault.outputs.name
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    allowedOrigins: origins
    publicBaseUrl: publicBaseUrl
    newsletterSchedule: newsletterSchedule
    newsletterAdminEmail: newsletterAdminEmail
    consoleOperators: consoleOperators
    privacyPolicyVersion: privacyPolicyVersion
    emailEventsPublicKey: emailEventsPublicKey
    sendGridSenderEmail: sendGridSenderEmail
    sendGridSenderName: sendGridSenderName
    tokenSigningKeyIds: signingKeyIds
    chatDefaultChannel: chatDefaultChannel
  }
  // The app starts as soon as it exists: its identity must already be able to reach storage and the vault.
  dependsOn: [roles]
}

module eventGrid 'core/eventgrid.bicep' = {
  scope: resourceGroup
  params: {
    name: 'evgt-${resourceToken}'
    location: location
    tags: tags
    storageAccountId: storage.outputs.id
  }
}

module diagnostics 'core/diagnostics.bicep' = {
  scope: resourceGroup
  params: {
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
    keyVaultName: keyVault.outputs.name
    storageAccountName: storage.outputs.name
    eventGridSystemTopicName: eventGrid.outputs.name
  }
}

module alerts 'core/alerts.bicep' = {
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    alertEmail: alertEmail
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    eventGridSystemTopicName: eventGrid.outputs.name
    functionAppHostName: functions.outputs.defaultHostName
  }
}

// azd stores these in the environment (.azure/<env>/.env); the postprovision and postdeploy hooks read them.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output AZURE_FUNCTION_APP_NAME string = functions.outputs.name
output AZURE_FUNCTION_APP_HOST string = functions.outputs.defaultHostName
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output EVENT_GRID_SYSTEM_TOPIC_NAME string = eventGrid.outputs.name
output UPLOADS_CONTAINER_NAME string = storageLayout.uploadsContainer
output DEAD_LETTER_CONTAINER_NAME string = storageLayout.deadLetterContainer
output INGEST_FUNCTION_NAME string = 'IngestDocument'
output GENERATED_SECRET_NAMES string = join(functions.outputs.generatedSecretNames, ',')
output SENDGRID_API_KEY_SECRET_NAME string = functions.outputs.sendGridApiKeySecretName
output CHAT_HOOK_URL_SECRET_NAME string = functions.outputs.chatHookUrlSecretName
