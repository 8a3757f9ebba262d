# azd postdeploy hook (Windows, or PowerShell 7 anywhere): the same steps as postdeploy.sh.
#   1. Creates each generated secret (token signing keys, the privacy hash key, the ballot key) that does not exist yet (random, never leaves this machine
#      except into Key Vault), and restarts the app so that its Key Vault references resolve.
#   2. Subscribes the IngestDocument blob trigger to BlobCreated events of the uploads container. The
#      webhook URL carries the blobs_extension system key, which the host creates on first start of a
#      deployment that contains an Event Grid blob trigger.
# Safe to run again (`azd hooks run postdeploy`): existing secrets are kept, the subscription is updated.
$ErrorActionPreference = 'Stop'
$PSNativeCommandUseErrorActionPreference = $false

$required = 'AZURE_RESOURCE_GROUP', 'AZURE_FUNCTION_APP_NAME', 'AZURE_FUNCTION_APP_HOST', 'AZURE_KEY_VAULT_NAME',
  'EVENT_GRID_SYSTEM_TOPIC_NAME', 'UPLOADS_CONTAINER_NAME', 'INGEST_FUNCTION_NAME', 'GENERATED_SECRET_NAMES'
foreach ($variable in $required) {
  if ([string]::IsNullOrEmpty([Environment]::GetEnvironmentVariable($variable))) {
    throw "postdeploy: $variable is not set; run this through azd (azd up, or azd hooks run postdeploy)."
  }
}

$resourceGroup = $env:AZURE_RESOURCE_GROUP
$app = $env:AZURE_FUNCTION_APP_NAME
$vault = $env:AZURE_KEY_VAULT_NAME

function Invoke-Az {
  az @args
  if ($LASTEXITCODE -ne 0) { throw "postdeploy: az $($args[0..2] -join ' ') failed with exit code $LASTEXITCODE." }
}

# 1. Generated secrets: token signing keys, the privacy hash key and the ballot key.
$createdSecret = $false
foreach ($secret in $env:GENERATED_SECRET_NAMES.Split(',', [StringSplitOptions]::RemoveEmptyEntries)) {
  az keyvault secret show --vault-name $vault --name $secret --query id --output tsv *> $null
  if ($LASTEXITCODE -eq 0) {
    Write-Host "postdeploy: Key Vault secret $secret exists; kept."
    continue
  }

  # Through a file rather than --value, so that the key never shows in the process list.
  $secretFile = New-TemporaryFile
  try {
    $bytes = [System.Security.Cryptography.RandomNumberGenerator]::GetBytes(64)
    [System.IO.File]::WriteAllText($secretFile.FullName, [Convert]::ToBase64String($bytes))
    Invoke-Az keyvault secret set --vault-name $vault --name $secret --file $secretFile.FullName `
      --encoding utf-8 --output none
  }
  finally {
    Remove-Item -LiteralPath $secretFile.FullName -Force
  }
  $createdSecret = $true
  Write-Host "postdeploy: created Key Vault secret $secret."
}

if ($createdSecret) {
  Invoke-Az functionapp restart --resource-group $resourceGroup --name $app --output none
}

# 2. Event Grid subscription for the IngestDocument blob trigger.
$function = $env:INGEST_FUNCTION_NAME
az functionapp function show --resource-group $resourceGroup --name $app --function-name $function --query name --output tsv *> $null
if ($LASTEXITCODE -ne 0) {
  Write-Host "postdeploy: $function is not part of this deployment; no Event Grid subscription needed yet."
  exit 0
}

# The host creates the key shortly after it starts; give it a few minutes.
$key = ''
for ($attempt = 1; $attempt -le 18; $attempt++) {
  $key = az functionapp keys list --resource-group $resourceGroup --name $app --query 'systemKeys.blobs_extension' --output tsv 2> $null
  if (-not [string]::IsNullOrWhiteSpace($key)) { break }
  Write-Host "postdeploy: waiting for the blobs_extension system key ($attempt/18)..."
  Start-Sleep -Seconds 10
}

if ([string]::IsNullOrWhiteSpace($key)) {
  throw "postdeploy: no blobs_extension system key on $app; run 'azd hooks run postdeploy' once the app has started."
}

$container = $env:UPLOADS_CONTAINER_NAME
$endpoint = "https://$($env:AZURE_FUNCTION_APP_HOST)/runtime/webhooks/blobs?functionName=Host.Functions.$function&code=$($key.Trim())"
# az is a batch file on Windows, and cmd.exe would read the URL's & as a command separator unless it is quoted.
$endpointArgument = if ($IsWindows -or $env:OS -eq 'Windows_NT') { "`"$endpoint`"" } else { $endpoint }

Invoke-Az eventgrid system-topic event-subscription create `
  --name "$container-to-$($function.ToLowerInvariant())" `
  --resource-group $resourceGroup `
  --system-topic-name $env:EVENT_GRID_SYSTEM_TOPIC_NAME `
  --endpoint-type webhook `
  --endpoint $endpointArgument `
  --included-event-types Microsoft.Storage.BlobCreated `
  --subject-begins-with "/blobServices/default/containers/$container/" `
  --event-delivery-schema eventgridschema `
  --output none

Write-Host "postdeploy: BlobCreated events of container $container go to $function."
