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

@description('Where newsletter alerts go; empty: the log only.')
param newsletterAdminEmail string

@description('The console operators\' addresses (comma-separated); empty: nobody can sign in to the console.')
param consoleOperators string
param sendGridSenderEmail string
param sendGridSenderName string
param privacyPolicyVersion string

@description('The SendGrid Signed Event Webhook\'s verification key (base64, not a secret); empty until the webhook is set up.')
param emailEventsPublicKey string

@description('Ids of the token signing keys, oldest first; the last one signs, all of them verify.')
param tokenSigningKeyIds string[]

@description('The Rocket.Chat room that news of unmapped topics goes to (e.g. #community); empty: nowhere.')
param chatDefaultChannel string

var secretNames = {
  sendGridApiKey: 'sendgrid-api-key'
  tokenSigningKeyPrefix: 'token-signing-key-'
  privacyHashKey: 'privacy-hash-key'
  privacyBallotKey: 'privacy-ballot-key'
  chatHookUrl: 'chat-hook-url'
}

// Versionless references: a new secret version reaches the app on its next restart (or within a day).
func keyVaultReference(vault string, secret string) string =>
  '@Microsoft.KeyVault(VaultName=${vault};SecretName=${secret})'

var blobServiceUri = 'https://${storageAccountName}.blob.${environment().suffixes.storage}'
var queueServiceUri = 'https://${storageAccountName}.queue.${environment().suffixes.storage}'
var tableServiceUri = 'https://${storageAccountName}.table.${environment().suffixes.storage}'

var tokenSigningKeySettings = [
  for keyId in tokenSigningKeyIds: {
    name: 'Tokens__Keys__${keyId}'
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
  { name: 'Storage__QueueServiceUri', value: queueServiceUri }
  { name: 'Storage__ManagedIdentityClientId', value: identityClientId }
  { name: 'Storage__ResourcePrefix', value: '' }
  { name: 'Storage__NetworkTimeout', value: '00:00:30' }
  // HealthOptions.
  { name: 'Health__CheckTimeout', value: '00:00:05' }
  // MembershipOptions. Links in emails are built from the public base URL; without a custom domain it is
  // the app's own host name (spelled out because the site cannot reference its own defaultHostName while
  // being created). Empty page URLs make the app answer browsers with its own small pages.
  { name: 'Membership__PublicApiBaseUrl', value: empty(publicBaseUrl) ? 'https://${appName}.azurewebsites.net' : publicBaseUrl }
  { name: 'Membership__AccessPageUrl', value: '' }
  { name: 'Membership__ThankYouPageUrl', value: '' }
  { name: 'Membership__ConfirmedPageUrl', value: '' }
  { name: 'Membership__UnsubscribedPageUrl', value: '' }
  { name: 'Membership__ConfirmationResendInterval', value: '00:10:00' }
  { name: 'Membership__MaxEmailsPerAddressPerHour', value: '5' }
  { name: 'Membership__MinimumFormFillTime', value: '00:00:03' }
  { name: 'Membership__HoneypotField', value: 'website' }
  // LimitsOptions: requests that send transactional mail, per client (IPv4 address or IPv6 /64) and for all
  // clients together, per clock hour; whatever address they name.
  { name: 'Limits__PerClientPerHour', value: '60' }
  { name: 'Limits__GlobalMailsPerHour', value: '300' }
  // PollOptions: closed polls stay listed this many days; browser ballots get the small built-in page.
  { name: 'Polls__RecentlyClosedDays', value: '30' }
  { name: 'Polls__BallotCastPageUrl', value: '' }
  // How long an instance serves a poll's counted results before counting again (its own ballots recount at once).
  { name: 'Polls__ResultsCacheDuration', value: '00:00:02' }
  // PrivacyOptions. The hash key is generated once by the postprovision hook and must never change: every
  // stored email lookup key depends on it.
  { name: 'Privacy__HashKey', value: keyVaultReference(keyVaultName, secretNames.privacyHashKey) }
  // The ballot key, a secret of its own (generated the same way): ballot row keys depend on it, and whoever holds the
  // hash key alone cannot tell whose ballot a row is.
  { name: 'Privacy__BallotKey', value: keyVaultReference(keyVaultName, secretNames.privacyBallotKey) }
  { name: 'Privacy__PolicyVersion', value: privacyPolicyVersion }
  // MemberTokenOptions: the keys themselves are tokenSigningKeySettings below; the newest id signs.
  { name: 'Tokens__ActiveKey', value: last(tokenSigningKeyIds) }
  { name: 'Tokens__ConfirmLifetime', value: '7.00:00:00' }
  { name: 'Tokens__VoteLifetime', value: '30.00:00:00' }
  { name: 'Tokens__ProfileLifetime', value: '30.00:00:00' }
  { name: 'Tokens__AccountLifetime', value: '01:00:00' }
  { name: 'Tokens__UnsubscribeLifetime', value: '365.00:00:00' }
  { name: 'Tokens__CalendarLifetime', value: '365.00:00:00' }
  // EmailOptions. Only SendGrid in Azure (the app refuses the outbox there). Until the operator stores the key,
  // the reference stays unresolved and the app fails closed: health 503, mail held in its queue, newsletter held.
  { name: 'Email__Transport', value: 'SendGrid' }
  { name: 'Email__SendGridApiKey', value: keyVaultReference(keyVaultName, secretNames.sendGridApiKey) }
  { name: 'Email__SendGridHost', value: 'https://api.sendgrid.com' }
  { name: 'Email__FromAddress', value: sendGridSenderEmail }
  { name: 'Email__FromName', value: sendGridSenderName }
  { name: 'Email__ReplyToAddress', value: '' }
  { name: 'Email__OutboxPath', value: '.outbox' }
  { name: 'Email__CommunityName', value: sendGridSenderName }
  { name: 'Email__RequestTimeout', value: '00:00:10' }
  { name: 'Email__MaxRetries', value: '4' }
  { name: 'Email__RetryBaseDelay', value: '00:00:01' }
  // SiteOptions: how the member pages look. Set a logo, colour or privacy page of the community's own afterwards.
  { name: 'Site__LogoUrl', value: '' }
  { name: 'Site__BrandColour', value: '#2f5d34' }
  { name: 'Site__PrivacyPageUrl', value: '' }
  // ConsoleOptions: who may sign in to the operator console (kept only as keyed hashes by the app); links live 15
  // minutes and work once, sessions last 8 hours at most.
  { name: 'Console__Operators', value: consoleOperators }
  { name: 'Console__SignInLifetime', value: '00:15:00' }
  { name: 'Console__SessionLifetime', value: '08:00:00' }
  // True once the platform's built-in authentication (Microsoft Entra ID) guards the console too: infra/README.md.
  { name: 'Console__RequirePlatformSignIn', value: 'false' }
  // The IngestDocument blob trigger's connection "UploadsStorage", identity-based: the host reads the blob
  // endpoint for the blobs and the queue endpoint for its internal queue of Event Grid notifications.
  { name: 'UploadsStorage__blobServiceUri', value: blobServiceUri }
  { name: 'UploadsStorage__queueServiceUri', value: queueServiceUri }
  { name: 'UploadsStorage__credential', value: 'managedidentity' }
  { name: 'UploadsStorage__clientId', value: identityClientId }
  // DocumentOptions. Upload URLs live at most 15 minutes; downloads redirect to URLs of a few minutes.
  { name: 'Documents__MaxUploadBytes', value: '104857600' }
  { name: 'Documents__ReviewFirst', value: 'false' }
  { name: 'Documents__UploadSasLifetime', value: '00:15:00' }
  { name: 'Documents__DownloadSasLifetime', value: '00:05:00' }
  // Kept rejected files expire after this (PurgeRejectedUploads); members request at most this many upload URLs a day.
  { name: 'Documents__RejectedRetention', value: '30.00:00:00' }
  { name: 'Documents__UploadsPerMemberPerDay', value: '20' }
  // EmailEventOptions. The verification key of SendGrid's Signed Event Webhook is public; while it is empty the
  // webhook refuses every post and the newsletter does not count on events.
  { name: 'EmailEvents__PublicKey', value: emailEventsPublicKey }
  { name: 'EmailEvents__MaxAge', value: '00:05:00' }
  { name: 'EmailEvents__SoftBounceLimit', value: '3' }
  { name: 'EmailEvents__MaxBodyBytes', value: '4194304' }
  // ProjectMapOptions. The map tiles' server and its attribution (the pages' policy allows images from its origin).
  { name: 'Projects__TileUrl', value: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png' }
  { name: 'Projects__TileAttribution', value: '© OpenStreetMap contributors' }
  { name: 'Projects__TileAttributionUrl', value: 'https://www.openstreetmap.org/copyright' }
  // The SendNewsletter timer reads its schedule as %NewsletterSchedule%.
  { name: 'NewsletterSchedule', value: newsletterSchedule }
  // The PurgeExpiredRegistrations and PurgeRejectedUploads timers (daily housekeeping) read their schedule as %HousekeepingSchedule%.
  { name: 'HousekeepingSchedule', value: '0 30 3 * * *' }
  // NewsletterOptions. One SendGrid request carries up to 1,000 recipients; a timed-out request is never
  // retried blindly (the delivery ledger settles it from the Event Webhook's events).
  { name: 'Newsletter__SkipWhenNothingNew', value: 'true' }
  { name: 'Newsletter__StaleAfter', value: '02:00:00' }
  { name: 'Newsletter__PublishDelay', value: '00:10:00' }
  { name: 'Newsletter__AdminEmail', value: newsletterAdminEmail }
  { name: 'Newsletter__BatchSize', value: '1000' }
  { name: 'Newsletter__MaxParallelRequests', value: '4' }
  { name: 'Newsletter__RequestTimeout', value: '00:01:00' }
  { name: 'Newsletter__MaxRetries', value: '5' }
  { name: 'Newsletter__RetryBaseDelay', value: '00:00:02' }
  { name: 'Newsletter__UnknownOutcomeWait', value: '01:00:00' }
  { name: 'Newsletter__ListId', value: '' }
  { name: 'Newsletter__MaxDocuments', value: '30' }
  { name: 'Newsletter__MaxPolls', value: '10' }
  // The SendEventReminders timer reads its schedule as %EventReminderSchedule%; EventReminderOptions the offsets.
  { name: 'EventReminderSchedule', value: '0 */15 * * * *' }
  { name: 'Events__ReminderOffsets', value: '2.00:00:00,01:00:00' }
  // The AskProjectConfirmations timer (yearly confirmation of projects) reads its schedule as %ProjectConfirmationSchedule%.
  { name: 'ProjectConfirmationSchedule', value: '0 0 9 * * *' }
  // The PublishDomainEvents timer (polls opening and closing, events starting soon, dispatches that failed) reads its
  // schedule as %DomainEventSchedule%; DomainEventOptions how far ahead an event counts as starting soon.
  { name: 'DomainEventSchedule', value: '0 */5 * * * *' }
  { name: 'DomainEvents__StartingSoonWithin', value: '1.00:00:00' }
  // ChatOptions. The whole incoming webhook URL holds Rocket.Chat's token: a secret the operator stores (infra/README.md).
  // Until then the reference stays unresolved and nothing is posted to the chat; the rest of the app is unaffected.
  { name: 'Chat__HookUrl', value: keyVaultReference(keyVaultName, secretNames.chatHookUrl) }
  { name: 'Chat__DefaultChannel', value: chatDefaultChannel }
  { name: 'Chat__Alias', value: 'Climate-Soil CoP' }
  { name: 'Chat__Emoji', value: ':seedling:' }
  { name: 'Chat__RequestTimeout', value: '00:00:10' }
  { name: 'Chat__MaxAttempts', value: '6' }
  { name: 'Chat__RetryBaseDelay', value: '00:00:30' }
  // WebhookOptions. A delivery is tried again after each delay of the schedule, then counts as failed; that many failed
  // deliveries in a row disable the webhook and mail the operators. A rotated secret still signs for the overlap.
  { name: 'Webhooks__RequestTimeout', value: '00:00:15' }
  { name: 'Webhooks__RetrySchedule', value: '00:00:05,00:05:00,00:30:00,02:00:00,05:00:00,10:00:00' }
  { name: 'Webhooks__DisableAfterFailures', value: '5' }
  { name: 'Webhooks__SecretRotationOverlap', value: '1.00:00:00' }
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
// Secrets that the postprovision hook generates when missing (before the code starts): random keys nobody needs to know.
output generatedSecretNames string[] = concat(
  [secretNames.privacyHashKey, secretNames.privacyBallotKey],
  map(tokenSigningKeyIds, keyId => '${secretNames.tokenSigningKeyPrefix}${keyId}')
)
output sendGridApiKeySecretName string = secretNames.sendGridApiKey
output chatHookUrlSecretName string = secretNames.chatHookUrl
