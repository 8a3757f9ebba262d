#!/bin/sh
# azd postprovision hook (macOS, Linux): creates the secrets the code reads at start-up, before azd deploys it.
#   For each name in GENERATED_SECRET_NAMES (privacy hash key, ballot key, token signing keys):
#   - the secret exists: kept, never rewritten (every stored lookup key and ballot depends on it);
#   - Key Vault answers SecretNotFound and the secret is soft-deleted: recovered, not replaced;
#   - Key Vault answers SecretNotFound and nothing is deleted: a random value is created;
#   - any other answer (throttling, 403, network): the hook fails and writes nothing.
#   When it created or recovered a secret it asks App Service to resolve the app's Key Vault references again
#   (references are cached; a restart does not re-read them, the refresh API does).
# Safe to run again (`azd hooks run postprovision`). postprovision.ps1 does the same for Windows.
# POSIX sh, so that it runs the same under bash, dash and zsh.
set -eu
# No pathname expansion: GENERATED_SECRET_NAMES is split on commas below, unquoted.
set -f

for variable in AZURE_SUBSCRIPTION_ID AZURE_RESOURCE_GROUP AZURE_FUNCTION_APP_NAME AZURE_KEY_VAULT_NAME GENERATED_SECRET_NAMES; do
  eval "value=\${$variable:-}"
  if [ -z "$value" ]; then
    echo "postprovision: $variable is not set; run this through azd (azd up, or azd hooks run postprovision)." >&2
    exit 1
  fi
done

subscription=$AZURE_SUBSCRIPTION_ID
vault=$AZURE_KEY_VAULT_NAME
# Key Vault needs a moment to bring a recovered secret back.
recover_wait=${COP_HOOK_RETRY_SECONDS:-5}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
errors=$work/errors
secret_file=$work/secret

# True when the last az call's error output is Key Vault's "no such secret" answer.
not_found() {
  grep -q '(SecretNotFound)' "$errors"
}

fail() {
  echo "postprovision: $1; nothing was written. Key Vault answered:" >&2
  cat "$errors" >&2
  exit 1
}

changed=false
old_ifs=$IFS
IFS=,
for secret in $GENERATED_SECRET_NAMES; do
  IFS=$old_ifs
  # An empty entry ("a,,b", a trailing comma) names nothing, as in postprovision.ps1.
  [ -n "$secret" ] || continue
  if az keyvault secret show --subscription "$subscription" --vault-name "$vault" --name "$secret" \
    --query id --output tsv >/dev/null 2>"$errors"; then
    echo "postprovision: Key Vault secret $secret exists; kept."
    continue
  fi
  not_found || fail "could not tell whether secret $secret exists"

  if az keyvault secret show-deleted --subscription "$subscription" --vault-name "$vault" --name "$secret" \
    --query recoveryId --output tsv >/dev/null 2>"$errors"; then
    az keyvault secret recover --subscription "$subscription" --vault-name "$vault" --name "$secret" --output none
    attempt=1
    until az keyvault secret show --subscription "$subscription" --vault-name "$vault" --name "$secret" \
      --query id --output tsv >/dev/null 2>"$errors"; do
      [ "$attempt" -ge 12 ] && fail "secret $secret was recovered but does not answer yet; run the hook again"
      sleep "$recover_wait"
      attempt=$((attempt + 1))
    done
    echo "postprovision: recovered the deleted Key Vault secret $secret."
    changed=true
    continue
  fi
  not_found || fail "could not tell whether secret $secret is deleted"

  # Through a file rather than --value, so that the key never shows in the process list.
  (umask 077 && head -c 64 /dev/urandom | base64 | tr -d '\n' >"$secret_file")
  az keyvault secret set --subscription "$subscription" --vault-name "$vault" --name "$secret" \
    --file "$secret_file" --encoding utf-8 --output none
  : >"$secret_file"
  echo "postprovision: created Key Vault secret $secret."
  changed=true
done
IFS=$old_ifs

if [ "$changed" = true ]; then
  az rest --method post --output none \
    --url "https://management.azure.com/subscriptions/$subscription/resourceGroups/$AZURE_RESOURCE_GROUP/providers/Microsoft.Web/sites/$AZURE_FUNCTION_APP_NAME/config/configreferences/appsettings/refresh?api-version=2022-03-01"
  echo "postprovision: asked $AZURE_FUNCTION_APP_NAME to resolve its Key Vault references again."
fi
