# azd postprovision hook (Windows, or PowerShell 7 anywhere): the same steps as postprovision.sh.
#   For each name in GENERATED_SECRET_NAMES (privacy hash key, ballot key, token signing keys):
#   - the secret exists: kept, never rewritten (every stored lookup key and ballot depends on it);
#   - Key Vault answers SecretNotFound and the secret is soft-deleted: recovered, not replaced;
#   - Key Vault answers SecretNotFound and nothing is deleted: a random value is created;
#   - any other answer (throttling, 403, network): the hook fails and writes nothing.
#   When it created or recovered a secret it asks App Service to resolve the app's Key Vault references again
#   (references are cached; a restart does not re-read them, the refresh API does).
# Safe to run again (`azd hooks run postprovision`).
$ErrorActionPreference = 'Stop'
$PSNativeCommandUseErrorActionPreference = $false

foreach ($variable in 'AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP', 'AZURE_FUNCTION_APP_NAME', 'AZURE_KEY_VAULT_NAME', 'GENERATED_SECRET_NAMES') {
  if ([string]::IsNullOrEmpty([Environment]::GetEnvironmentVariable($variable))) {
    throw "postprovision: $variable is not set; run this through azd (azd up, or azd hooks run postprovision)."
  }
}

$subscription = $env:AZURE_SUBSCRIPTION_ID
$vault = $env:AZURE_KEY_VAULT_NAME
# Key Vault needs a moment to bring a recovered secret back.
$recoverWait = if ($env:COP_HOOK_RETRY_SECONDS) { [int]$env:COP_HOOK_RETRY_SECONDS } else { 5 }

function Invoke-Az {
  az @args
  if ($LASTEXITCODE -ne 0) { throw "postprovision: az $($args[0..2] -join ' ') failed with exit code $LASTEXITCODE." }
}

# Runs az, and answers 'ok', 'not-found' (Key Vault's SecretNotFound) or throws with az's answer for anything else.
function Test-Secret {
  param([string] $Command, [string] $Secret, [string] $What)
  $errors = az keyvault secret $Command --subscription $subscription --vault-name $vault --name $Secret --query id --output tsv 2>&1 |
    Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object { $_.ToString() }
  if ($LASTEXITCODE -eq 0) { return 'ok' }
  if (($errors -join "`n") -match '\(SecretNotFound\)') { return 'not-found' }
  throw "postprovision: could not tell whether secret $Secret $What; nothing was written. Key Vault answered:`n$($errors -join "`n")"
}

$changed = $false
foreach ($secret in $env:GENERATED_SECRET_NAMES.Split(',', [StringSplitOptions]::RemoveEmptyEntries)) {
  if ((Test-Secret show $secret 'exists') -eq 'ok') {
    Write-Host "postprovision: Key Vault secret $secret exists; kept."
    continue
  }

  if ((Test-Secret show-deleted $secret 'is deleted') -eq 'ok') {
    Invoke-Az keyvault secret recover --subscription $subscription --vault-name $vault --name $secret --output none
    for ($attempt = 1; (Test-Secret show $secret 'was recovered') -ne 'ok'; $attempt++) {
      if ($attempt -ge 12) { throw "postprovision: secret $secret was recovered but does not answer yet; run the hook again." }
      Start-Sleep -Seconds $recoverWait
    }
    Write-Host "postprovision: recovered the deleted Key Vault secret $secret."
    $changed = $true
    continue
  }

  # Through a file rather than --value, so that the key never shows in the process list.
  $secretFile = New-TemporaryFile
  try {
    $bytes = [System.Security.Cryptography.RandomNumberGenerator]::GetBytes(64)
    [System.IO.File]::WriteAllText($secretFile.FullName, [Convert]::ToBase64String($bytes))
    Invoke-Az keyvault secret set --subscription $subscription --vault-name $vault --name $secret `
      --file $secretFile.FullName --encoding utf-8 --output none
  }
  finally {
    Remove-Item -LiteralPath $secretFile.FullName -Force
  }
  Write-Host "postprovision: created Key Vault secret $secret."
  $changed = $true
}

if ($changed) {
  Invoke-Az rest --method post --output none `
    --url "https://management.azure.com/subscriptions/$subscription/resourceGroups/$($env:AZURE_RESOURCE_GROUP)/providers/Microsoft.Web/sites/$($env:AZURE_FUNCTION_APP_NAME)/config/configreferences/appsettings/refresh?api-version=2022-03-01"
  Write-Host "postprovision: asked $($env:AZURE_FUNCTION_APP_NAME) to resolve its Key Vault references again."
}
