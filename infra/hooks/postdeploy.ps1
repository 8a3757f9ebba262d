# azd postdeploy hook (Windows, or PowerShell 7 anywhere): the same steps as postdeploy.sh.
# Subscribes the IngestDocument blob trigger to BlobCreated events of the uploads container. The webhook URL carries
# the blobs_extension system key, which the host creates on the first start of a deployment that holds an Event Grid
# blob trigger: this is why it cannot be in Bicep.
#   - Events that cannot be delivered are retried (30 attempts over 24 h), then dead-lettered into the
#     DEAD_LETTER_CONTAINER_NAME container with the system topic's identity; the ReprocessDeadLetteredUploads
#     timer ingests them from there.
#   - IngestDocument must be part of the deployment: the hook retries the lookup (the function list lags behind a
#     deployment), then fails; it never reports success without the subscription.
# Every az call names azd's subscription. Safe to run again (`azd hooks run postdeploy`): the subscription is updated.
$ErrorActionPreference = 'Stop'
$PSNativeCommandUseErrorActionPreference = $false

$required = 'AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP', 'AZURE_FUNCTION_APP_NAME', 'AZURE_FUNCTION_APP_HOST',
  'AZURE_STORAGE_ACCOUNT_NAME', 'EVENT_GRID_SYSTEM_TOPIC_NAME', 'UPLOADS_CONTAINER_NAME', 'DEAD_LETTER_CONTAINER_NAME',
  'INGEST_FUNCTION_NAME'
foreach ($variable in $required) {
  if ([string]::IsNullOrEmpty([Environment]::GetEnvironmentVariable($variable))) {
    throw "postdeploy: $variable is not set; run this through azd (azd up, or azd hooks run postdeploy)."
  }
}

$subscription = $env:AZURE_SUBSCRIPTION_ID
$resourceGroup = $env:AZURE_RESOURCE_GROUP
$app = $env:AZURE_FUNCTION_APP_NAME
$function = $env:INGEST_FUNCTION_NAME
$waitSeconds = if ($env:COP_HOOK_RETRY_SECONDS) { [int]$env:COP_HOOK_RETRY_SECONDS } else { 10 }
$attempts = 18

function Invoke-Az {
  az @args
  if ($LASTEXITCODE -ne 0) { throw "postdeploy: az $($args[0..2] -join ' ') failed with exit code $LASTEXITCODE." }
}

# 1. IngestDocument must be deployed; the function list can lag a few minutes behind the deployment.
for ($attempt = 1; ; $attempt++) {
  $answer = az functionapp function show --subscription $subscription --resource-group $resourceGroup --name $app `
    --function-name $function --query name --output tsv 2>&1
  if ($LASTEXITCODE -eq 0 -and -not [string]::IsNullOrWhiteSpace(($answer | Where-Object { $_ -is [string] }) -join '')) { break }
  if ($attempt -ge $attempts) {
    throw "postdeploy: $function is not among the functions of $app; uploads would never be ingested. Check the deployment (azd deploy), then run 'azd hooks run postdeploy'. Last answer: $($answer -join ' ')"
  }
  Write-Host "postdeploy: waiting for $function to be listed ($attempt/$attempts)..."
  Start-Sleep -Seconds $waitSeconds
}

# 2. The blobs_extension system key: the host creates it shortly after it starts.
$key = ''
for ($attempt = 1; $attempt -le $attempts; $attempt++) {
  $key = az functionapp keys list --subscription $subscription --resource-group $resourceGroup --name $app `
    --query 'systemKeys.blobs_extension' --output tsv 2> $null
  if (-not [string]::IsNullOrWhiteSpace($key)) { break }
  Write-Host "postdeploy: waiting for the blobs_extension system key ($attempt/$attempts)..."
  Start-Sleep -Seconds $waitSeconds
}

if ([string]::IsNullOrWhiteSpace($key)) {
  throw "postdeploy: no blobs_extension system key on $app; run 'azd hooks run postdeploy' once the app has started."
}

# 3. The subscription, through the ARM API so that retries and dead-lettering are stated in one body. The body holds
# the key: it goes through a file that only this user can read, never through the process list.
$container = $env:UPLOADS_CONTAINER_NAME
$storageId = "/subscriptions/$subscription/resourceGroups/$resourceGroup/providers/Microsoft.Storage/storageAccounts/$($env:AZURE_STORAGE_ACCOUNT_NAME)"
$subscriptionName = "$container-to-$($function.ToLowerInvariant())"
$body = @{
  properties = @{
    destination = @{
      endpointType = 'WebHook'
      properties = @{
        endpointUrl = "https://$($env:AZURE_FUNCTION_APP_HOST)/runtime/webhooks/blobs?functionName=Host.Functions.$function&code=$([Uri]::EscapeDataString($key.Trim()))"
        maxEventsPerBatch = 1
      }
    }
    filter = @{
      includedEventTypes = @('Microsoft.Storage.BlobCreated')
      subjectBeginsWith = "/blobServices/default/containers/$container/"
    }
    eventDeliverySchema = 'EventGridSchema'
    retryPolicy = @{ maxDeliveryAttempts = 30; eventTimeToLiveInMinutes = 1440 }
    deadLetterWithResourceIdentity = @{
      identity = @{ type = 'SystemAssigned' }
      deadLetterDestination = @{
        endpointType = 'StorageBlob'
        properties = @{ resourceId = $storageId; blobContainerName = $env:DEAD_LETTER_CONTAINER_NAME }
      }
    }
  }
}
$bodyFile = New-TemporaryFile
try {
  if (-not ($IsWindows -or $env:OS -eq 'Windows_NT')) {
    [System.IO.File]::SetUnixFileMode($bodyFile.FullName, [System.IO.UnixFileMode]'UserRead, UserWrite')
  }
  [System.IO.File]::WriteAllText($bodyFile.FullName, ($body | ConvertTo-Json -Depth 10))
  # Event Grid validates the webhook when it creates the subscription; a host that has just started can fail that
  # handshake (it answers before it has loaded its system keys), so a failed PUT is tried again. The PUT is idempotent.
  $putAttempts = 5
  for ($attempt = 1; ; $attempt++) {
    $answer = az rest --method put --output none --body "@$($bodyFile.FullName)" `
      --url "https://management.azure.com/subscriptions/$subscription/resourceGroups/$resourceGroup/providers/Microsoft.EventGrid/systemTopics/$($env:EVENT_GRID_SYSTEM_TOPIC_NAME)/eventSubscriptions/$($subscriptionName)?api-version=2025-02-15" 2>&1
    if ($LASTEXITCODE -eq 0) { break }
    if ($attempt -ge $putAttempts) {
      throw "postdeploy: Event Grid did not create the subscription; run 'azd hooks run postdeploy' again. Last answer: $($answer -join ' ')"
    }
    Write-Host "postdeploy: Event Grid did not create the subscription yet ($attempt/$putAttempts): $($answer -join ' ')"
    Start-Sleep -Seconds $waitSeconds
  }
}
finally {
  Remove-Item -LiteralPath $bodyFile.FullName -Force
}

Write-Host "postdeploy: BlobCreated events of container $container go to $function (30 attempts over 24 h, then $($env:DEAD_LETTER_CONTAINER_NAME))."
